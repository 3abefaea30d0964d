"""The NRM API: referrals prepared from a case, submitted by a First Responder, the Home Office's
decisions, the export keyed by the form's field names, and Duty to Notify. Thin: selectors ask
the access door (404 for what the caller may not see), services decide and audit."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from haven.cases.models import CaseSection
from haven.cases.selectors import case_get_for_user
from haven.core.api import HavenAPIView, error_responses
from haven.nrm import selectors, services
from haven.nrm.export import duty_to_notify_document, referral_document
from haven.nrm.serializers import (
    DecisionInputSerializer,
    DutyToNotifyInputSerializer,
    DutyToNotifySerializer,
    IctgReferralInputSerializer,
    IctgReferralSerializer,
    IctgReferralsSerializer,
    ReferralAnswersSerializer,
    ReferralSerializer,
    ReferralUpdateSerializer,
    SubmitSerializer,
)
from haven.nrm.services import NotFirstResponder
from haven.workflows import nrm as workflow

CASE_ID = OpenApiParameter("case_id", int, OpenApiParameter.PATH, description="Case id.")
REFERRAL_ID = OpenApiParameter("referral_id", int, OpenApiParameter.PATH, description="Referral.")
DUTY_ID = OpenApiParameter("duty_id", int, OpenApiParameter.PATH, description="Duty to Notify.")
WHO_SEES = (
    "Whoever sees the case's NRM section (the lead authority, break-glass, a share of that "
    "section) sees and prepares its referrals; anyone else gets 404."
)
FIRST_RESPONDER = (
    "Only a user of a First Responder organisation may: anyone else who sees the referral gets "
    '403 with {"errors": {"non_field_errors": [why, and who can]}} and nothing changes.'
)


class FirstResponderErrors:
    """A caller who sees the record but is not a First Responder is told why, as the page does."""

    def handle_exception(self, exc):
        if isinstance(exc, NotFirstResponder):
            return Response(
                {"errors": {"non_field_errors": [exc.message]}}, status=status.HTTP_403_FORBIDDEN
            )
        return super().handle_exception(exc)


def referral_body(user, referral) -> dict:
    context = {
        "clock": selectors.clock_of(referral),
        "refusal": selectors.submit_refusal(user, referral.case),
    }
    return ReferralSerializer(referral, context=context).data


def duty_body(duty) -> dict:
    return DutyToNotifySerializer(duty, context={"clock": selectors.clock_of(duty)}).data


DUTY_WHO_SEES = "Seen only by the recording agency's case workers; anyone else gets 404."


class CaseReferralsView(HavenAPIView):
    @extend_schema(
        operation_id="cases_nrm_referrals_create",
        tags=["nrm"],
        summary="Start an NRM referral from a case",
        description=(
            f"A draft, prefilled from the case (the child's details, other names, nationality, "
            f"language, exploiters, towns of addresses that are not confidential) and from its "
            f"screening (indicators seen, types of exploitation). Answers sent replace the "
            f"prefilled ones. {WHO_SEES}"
        ),
        parameters=[CASE_ID],
        request=ReferralAnswersSerializer,
        responses={201: ReferralSerializer, **error_responses(400, 404)},
    )
    def post(self, request, case_id: int):
        view = case_get_for_user(
            user=request.user, case_id=case_id, record_view=False, section=CaseSection.NRM
        )
        serializer = ReferralAnswersSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        referral = workflow.nrm_referral_start(
            actor=request.user, case=view.case, **serializer.validated_data
        )
        return Response(referral_body(request.user, referral), status=status.HTTP_201_CREATED)


class ReferralView(HavenAPIView):
    @extend_schema(
        operation_id="nrm_referrals_retrieve",
        tags=["nrm"],
        summary="An NRM referral",
        description=f"With its decisions and the reasonable grounds clock. {WHO_SEES} Audited.",
        parameters=[REFERRAL_ID],
        responses={200: ReferralSerializer, **error_responses(404)},
    )
    def get(self, request, referral_id: int):
        referral = selectors.referral_get_for_user(user=request.user, referral_id=referral_id)
        return Response(referral_body(request.user, referral))

    @extend_schema(
        operation_id="nrm_referrals_partial_update",
        tags=["nrm"],
        summary="Change a draft referral's answers",
        description=(
            "Send only the answers to change, with the `version` you read; 409 if someone saved "
            "it since. A submitted referral no longer changes (400). The form's rules apply: "
            "free text at most 15,000 characters, a date of birth before today and after "
            "1 January 1900, no consent answer for a child."
        ),
        parameters=[REFERRAL_ID],
        request=ReferralUpdateSerializer,
        responses={200: ReferralSerializer, **error_responses(400, 404, 409)},
    )
    def patch(self, request, referral_id: int):
        referral = selectors.referral_get_for_user(
            user=request.user, referral_id=referral_id, record_view=False
        )
        serializer = ReferralUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = changes.pop("version", None)
        if version is None:
            return Response(
                {"errors": {"version": ["Send the version you read"]}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        referral = services.nrm_referral_update(
            actor=request.user, referral=referral, expected_version=version, **changes
        )
        return Response(referral_body(request.user, referral))


class ReferralSubmitView(FirstResponderErrors, HavenAPIView):
    @extend_schema(
        operation_id="nrm_referrals_submit",
        tags=["nrm"],
        summary="Mark the referral submitted to the Home Office",
        description=(
            f"With the date and the Home Office reference. {FIRST_RESPONDER} The referral must "
            "pass the form's checks (at least one type of exploitation, what happened, an "
            "adult's consent). Completes the case's NRM referral task."
        ),
        parameters=[REFERRAL_ID],
        request=SubmitSerializer,
        responses={200: ReferralSerializer, **error_responses(400, 404)},
    )
    def post(self, request, referral_id: int):
        referral = selectors.referral_get_for_user(
            user=request.user, referral_id=referral_id, record_view=False
        )
        serializer = SubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        referral = workflow.nrm_referral_submit(
            actor=request.user, referral=referral, **serializer.validated_data
        )
        return Response(referral_body(request.user, referral))


class ReferralDecisionsView(FirstResponderErrors, HavenAPIView):
    @extend_schema(
        operation_id="nrm_referrals_decisions_create",
        tags=["nrm"],
        summary="Record a decision, a reconsideration request or a withdrawal",
        description=(
            f"DOMAIN §6 states. A move that cannot happen (conclusive grounds before reasonable "
            f"grounds) is 400 naming the current state. {FIRST_RESPONDER}"
        ),
        parameters=[REFERRAL_ID],
        request=DecisionInputSerializer,
        responses={201: ReferralSerializer, **error_responses(400, 404)},
    )
    def post(self, request, referral_id: int):
        referral = selectors.referral_get_for_user(
            user=request.user, referral_id=referral_id, record_view=False
        )
        serializer = DecisionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        referral = services.nrm_decision_record(
            actor=request.user, referral=referral, **serializer.validated_data
        )
        return Response(referral_body(request.user, referral), status=status.HTTP_201_CREATED)


class ReferralExportView(HavenAPIView):
    @extend_schema(
        operation_id="nrm_referrals_export",
        tags=["nrm"],
        summary="The referral keyed by the Home Office form's field names",
        description=(
            "For re-keying into the Home Office's online form: `pv-under-age`, "
            "`pv-name-first-name`, `pv-dob`, `types-of-exploitation-…` and the rest, with the "
            f"form's answers. Haven's own keys start `haven-`. {WHO_SEES} Audited as an export."
        ),
        parameters=[REFERRAL_ID],
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), **error_responses(404)},
    )
    def get(self, request, referral_id: int):
        referral = selectors.referral_export_for_user(
            user=request.user, referral_id=referral_id, format="json"
        )
        return Response(referral_document(referral))


class DutiesToNotifyView(FirstResponderErrors, HavenAPIView):
    @extend_schema(
        operation_id="duty_to_notify_list",
        tags=["nrm"],
        summary="The agency's Duty to Notify records",
        description=f"Newest first, each with its state and clock. {DUTY_WHO_SEES} Audited.",
        responses={200: DutyToNotifySerializer(many=True), **error_responses(403)},
    )
    def get(self, request):
        duties = selectors.duties_to_notify_for_user(user=request.user)
        return Response([duty_body(duty) for duty in duties])

    @extend_schema(
        operation_id="duty_to_notify_create",
        tags=["nrm"],
        summary="Record a Duty to Notify",
        description=(
            "Modern Slavery Act 2015 s52, for an adult who does not consent to a referral: "
            "gender, nationality, types of exploitation and what happened. `given_name`, "
            "`family_name` and `date_of_birth` are accepted only with "
            '`"cooperates_with_police": true`; otherwise 400 and nothing is saved. Seen only '
            f"by the recording agency's case workers. {FIRST_RESPONDER}"
        ),
        request=DutyToNotifyInputSerializer,
        responses={201: DutyToNotifySerializer, **error_responses(400)},
    )
    def post(self, request):
        serializer = DutyToNotifyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        duty = services.duty_to_notify_record(actor=request.user, **serializer.validated_data)
        return Response(duty_body(duty), status=status.HTTP_201_CREATED)


class DutyToNotifyView(HavenAPIView):
    @extend_schema(
        operation_id="duty_to_notify_retrieve",
        tags=["nrm"],
        summary="A Duty to Notify",
        description="No name or date of birth unless the adult cooperates. Audited.",
        parameters=[DUTY_ID],
        responses={200: DutyToNotifySerializer, **error_responses(404)},
    )
    def get(self, request, duty_id: int):
        duty = selectors.duty_to_notify_get_for_user(user=request.user, duty_id=duty_id)
        return Response(duty_body(duty))


class DutyToNotifySubmitView(FirstResponderErrors, HavenAPIView):
    @extend_schema(
        operation_id="duty_to_notify_submit",
        tags=["nrm"],
        summary="Mark the Duty to Notify submitted to the Home Office",
        description=(
            "With the date and the Home Office reference; starts the reasonable grounds clock, "
            f"as for a referral. {DUTY_WHO_SEES}"
        ),
        parameters=[DUTY_ID],
        request=SubmitSerializer,
        responses={200: DutyToNotifySerializer, **error_responses(400, 404)},
    )
    def post(self, request, duty_id: int):
        duty = selectors.duty_to_notify_get_for_user(
            user=request.user, duty_id=duty_id, record_view=False
        )
        serializer = SubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        duty = services.duty_to_notify_submit(
            actor=request.user, duty=duty, **serializer.validated_data
        )
        return Response(duty_body(duty))


class DutyToNotifyDecisionsView(FirstResponderErrors, HavenAPIView):
    @extend_schema(
        operation_id="duty_to_notify_decisions_create",
        tags=["nrm"],
        summary="Record a decision on a Duty to Notify",
        description=(
            "DOMAIN §6 states, as for a referral: a move that cannot happen is 400 naming the "
            f"current state. {DUTY_WHO_SEES}"
        ),
        parameters=[DUTY_ID],
        request=DecisionInputSerializer,
        responses={201: DutyToNotifySerializer, **error_responses(400, 404)},
    )
    def post(self, request, duty_id: int):
        duty = selectors.duty_to_notify_get_for_user(
            user=request.user, duty_id=duty_id, record_view=False
        )
        serializer = DecisionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        duty = services.duty_to_notify_decision_record(
            actor=request.user, duty=duty, **serializer.validated_data
        )
        return Response(duty_body(duty), status=status.HTTP_201_CREATED)


class DutyToNotifyExportView(HavenAPIView):
    @extend_schema(
        operation_id="duty_to_notify_export",
        tags=["nrm"],
        summary="A Duty to Notify keyed by the Home Office form's field names",
        description="`NRMOrDuty` is `DTN`; nothing identifying unless the adult cooperates.",
        parameters=[DUTY_ID],
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), **error_responses(404)},
    )
    def get(self, request, duty_id: int):
        duty = selectors.duty_to_notify_export_for_user(user=request.user, duty_id=duty_id)
        return Response(duty_to_notify_document(duty))


class CaseIctgReferralsView(HavenAPIView):
    @extend_schema(
        operation_id="cases_ictg_referrals_list",
        tags=["nrm"],
        summary="A case's guardian referrals",
        description=(
            "Referrals to the Independent Child Trafficking Guardian service, newest first, and "
            f"whether the service covers the lead authority's area. {WHO_SEES} Audited."
        ),
        parameters=[CASE_ID],
        responses={200: IctgReferralsSerializer, **error_responses(404)},
    )
    def get(self, request, case_id: int):
        view = case_get_for_user(user=request.user, case_id=case_id, record_view=False)
        referrals = selectors.ictg_referrals_for_api(user=request.user, case=view.case)
        return Response(
            IctgReferralsSerializer(
                {"area_covered": workflow.ictg_area_covered(view.case), "results": referrals}
            ).data
        )

    @extend_schema(
        operation_id="cases_ictg_referrals_create",
        tags=["nrm"],
        summary="Record a guardian referral",
        description=(
            "The date of the referral (today or earlier), direct or indirect support and the "
            f"guardian's contact. Completes the case's guardian referral task. {WHO_SEES}"
        ),
        parameters=[CASE_ID],
        request=IctgReferralInputSerializer,
        responses={201: IctgReferralSerializer, **error_responses(400, 404)},
    )
    def post(self, request, case_id: int):
        view = case_get_for_user(
            user=request.user, case_id=case_id, record_view=False, section=CaseSection.NRM
        )
        serializer = IctgReferralInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        referral = workflow.ictg_referral_record(
            actor=request.user, case=view.case, **serializer.validated_data
        )
        return Response(IctgReferralSerializer(referral).data, status=status.HTTP_201_CREATED)
