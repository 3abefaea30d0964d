"""Concerns, the front door and cases over the API, with the same access rules as the pages.

Views are thin: check the record can be seen (its selector; "not found" otherwise), validate the
body, call one service, serialize. A record the caller may not see is 404 whether or not it
exists; 403 only answers a caller who can see the record but may not do this to it.
"""

import uuid
from dataclasses import replace

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from haven.accounts import roles
from haven.cases.models import BreakGlassStatus, Case, CaseSection, ChronologyEntry, Concern
from haven.cases.selectors import (
    case_for_break_glass,
    case_get_for_user,
    case_list_for_user,
    case_require_section,
    case_share_get_for_lead,
    chronology_for_user,
    concern_get_for_user,
    front_door_queue,
)
from haven.cases.serializers import (
    BreakGlassInputSerializer,
    BreakGlassSerializer,
    CaseAllocateSerializer,
    CaseDetailSerializer,
    CaseListQuerySerializer,
    CaseNoteInputSerializer,
    CaseNoteSerializer,
    CaseShareInputSerializer,
    CaseShareSerializer,
    CaseSummarySerializer,
    CaseUpdateSerializer,
    ChronologyEntrySerializer,
    ChronologyQuerySerializer,
    ConcernDecisionSerializer,
    ConcernInputSerializer,
    ConcernSerializer,
    ConcernSummarySerializer,
)
from haven.cases.services import (
    ConcernAlreadyRecorded,
    allocation_require,
    break_glass_open,
    case_allocate,
    case_close,
    case_note_add,
    case_share_create,
    case_share_revoke,
    front_door_require,
)
from haven.core.api import HavenAPIView, ServiceErrorsMixin, error_responses, role_permission
from haven.core.areas import Area
from haven.documents.api import FileOrJsonErrors
from haven.people.selectors import person_is_visible
from haven.screening.selectors import concern_screening_for_user
from haven.workflows.concern_raised import concern_record
from haven.workflows.front_door import concern_decide_by_ids
from haven.workflows.htcds import htcds_export_for_user
from haven.workflows.pages import case_detail_for_user, case_detail_from_view

CONCERN_ID = OpenApiParameter("concern_id", int, OpenApiParameter.PATH, description="Concern id.")
CASE_ID = OpenApiParameter("case_id", int, OpenApiParameter.PATH, description="Case id.")
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="A UUID you choose per concern. Sending the same request again with the same "
    "key (after a timeout, say) records nothing new and answers 200 with the first concern.",
)
SHARE_ID = OpenApiParameter("share_id", int, OpenApiParameter.PATH, description="Share id.")
AREA = OpenApiParameter(
    "area", str, OpenApiParameter.PATH, enum=Area.values, description="Local authority area."
)


def _concern_body(request, concern: Concern) -> dict:
    context = {
        "screening": concern_screening_for_user(user=request.user, concern=concern),
        "person_visible": person_is_visible(user=request.user, person_id=concern.person_id),
    }
    return ConcernSerializer(concern, context=context).data


# ---------------------------------------------------------------------------------------------
# Concerns and the front door


class ConcernCreateView(HavenAPIView):
    permission_classes = [role_permission(roles.RAISE_CONCERN)]

    @extend_schema(
        operation_id="concerns_create",
        tags=["concerns"],
        summary="Record a concern",
        description=(
            "About a person already recorded (`person_id`, one you can see) or a new one "
            "(`person`). The concern is screened at once: the answer carries the outcome and the "
            "required actions. A concern about a child goes to its home area's front door with "
            "a one-working-day decision clock; a concern about an adult records the adult "
            "routes. If anything is invalid nothing is saved, not even the new person."
        ),
        request=ConcernInputSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: ConcernSerializer,
            200: OpenApiResponse(
                ConcernSerializer,
                description="This Idempotency-Key was already used by you: the concern it "
                "recorded, unchanged. Nothing new was recorded.",
            ),
            **error_responses(400),
        },
    )
    def post(self, request):
        serializer = ConcernInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        key = request.headers.get("Idempotency-Key")
        try:
            token = uuid.UUID(key) if key else None
        except ValueError:
            raise ValidationError(
                {"Idempotency-Key": "Give a UUID, e.g. 0b6f3c1e-9d2a-4f5b-8c7d-1e2f3a4b5c6d."}
            ) from None
        created = status.HTTP_201_CREATED
        try:
            concern = concern_record(
                actor=request.user,
                person_id=data.pop("person_id", None),
                new_person=data.pop("person", None),
                submission_token=token,
                **data,
            )
        except ConcernAlreadyRecorded as already:
            concern, created = already.concern, status.HTTP_200_OK
        body = _concern_body(request, concern)
        return Response(body, status=created, headers={"Location": body["links"]["self"]})


class ConcernDetailView(HavenAPIView):
    @extend_schema(
        operation_id="concerns_retrieve",
        tags=["concerns"],
        summary="A concern",
        description=(
            "Seen by the agency that raised it, the front door of its area and those who may "
            "see the chronology of the case it joined. The view is audited."
        ),
        parameters=[CONCERN_ID],
        responses={200: ConcernSerializer, **error_responses(404)},
    )
    def get(self, request, concern_id: int):
        concern = concern_get_for_user(user=request.user, concern_id=concern_id)
        return Response(_concern_body(request, concern))


class ConcernDecisionView(HavenAPIView):
    service_field_names = {"case": "case_id", "lead_practitioner": "lead_practitioner_id"}

    @extend_schema(
        operation_id="concerns_decision_create",
        tags=["front door"],
        summary="Record the front door's decision on a concern",
        description=(
            "Accept into a new case (or an existing open case, `case_id`), or record another "
            "decision with a reason. Only the front door of the child's home area may decide "
            "(others who can see the concern get 403). `version` is required: a concern "
            "decided or changed since is refused with 409, so two people deciding at once "
            "cannot both succeed."
        ),
        parameters=[CONCERN_ID],
        request=ConcernDecisionSerializer,
        responses={200: ConcernSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request, concern_id: int):
        concern = concern_get_for_user(user=request.user, concern_id=concern_id, record_view=False)
        front_door_require(actor=request.user, concern=concern)
        serializer = ConcernDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        concern = concern_decide_by_ids(
            actor=request.user,
            concern=concern,
            decision=data["decision"],
            reason=data["reason"],
            case_id=data["case_id"],
            lead_practitioner_id=data["lead_practitioner_id"],
            expected_version=data["version"],
        )
        return Response(_concern_body(request, concern))


class FrontDoorQueueView(ServiceErrorsMixin, generics.ListAPIView):
    serializer_class = ConcernSummarySerializer
    queryset = Concern.objects.none()  # for the schema; get_queryset asks the selector

    @extend_schema(
        operation_id="front_door_list",
        tags=["front door"],
        summary="Concerns waiting for this area's front door",
        description="The most urgent decision first. Only that area's front door may see it.",
        parameters=[AREA],
        responses={200: ConcernSummarySerializer(many=True), **error_responses(404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return front_door_queue(user=self.request.user, area_code=self.kwargs["area"])


# ---------------------------------------------------------------------------------------------
# Cases


class CaseListView(ServiceErrorsMixin, generics.ListAPIView):
    # Like the case list page: only roles that work cases have a case list at all.
    permission_classes = [role_permission(roles.WORK_CASES)]
    serializer_class = CaseSummarySerializer
    queryset = Case.objects.none()

    @extend_schema(
        operation_id="cases_list",
        tags=["cases"],
        summary="Cases you may see",
        description=(
            "Cases your authority leads, cases shared with you and break-glass access. Roles "
            "that do not work cases (administrators, strategic leads, auditors) get 403."
        ),
        parameters=[CaseListQuerySerializer],
        responses={200: CaseSummarySerializer(many=True), **error_responses(400)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = CaseListQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return case_list_for_user(user=self.request.user, status=query.validated_data.get("status"))


class CaseDetailView(HavenAPIView):
    @extend_schema(
        operation_id="cases_retrieve",
        tags=["cases"],
        summary="A case, with the sections you may see",
        description=(
            "`access` says how you see the case (lead, share or break-glass) and which sections; "
            "`sections` has only those. The view is audited."
        ),
        parameters=[CASE_ID],
        responses={200: CaseDetailSerializer, **error_responses(404)},
    )
    def get(self, request, case_id: int):
        detail = case_detail_for_user(user=request.user, case_id=case_id)
        return Response(CaseDetailSerializer(detail).data)

    @extend_schema(
        operation_id="cases_partial_update",
        tags=["cases"],
        summary="Close a case",
        description=(
            'Send `{"status": "closed", "closed_reason": ..., "version": ...}`. Only the lead '
            "authority may close a case (others who see it get 403). If the case changed since "
            "`version`, nothing is saved and the answer is 409."
        ),
        parameters=[CASE_ID],
        request=CaseUpdateSerializer,
        responses={200: CaseDetailSerializer, **error_responses(400, 404, 409)},
    )
    def patch(self, request, case_id: int):
        view = case_get_for_user(user=request.user, case_id=case_id, record_view=False)
        serializer = CaseUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case_close(
            actor=request.user,
            case=view.case,
            reason=serializer.validated_data["closed_reason"],
            expected_version=serializer.validated_data["version"],
        )
        return Response(
            CaseDetailSerializer(case_detail_from_view(view=view, user=request.user)).data
        )


class CaseAllocateView(HavenAPIView):
    service_field_names = {"practitioner_id": "practitioner"}

    @extend_schema(
        operation_id="cases_allocate_create",
        tags=["cases"],
        summary="Allocate a case to a lead practitioner",
        description=(
            "A manager of the case's lead team makes one of that team's active practitioners "
            "or managers the lead practitioner (or another one); they are told in Haven. "
            "Others who see the case get 403. If the case changed since `version`, nothing is "
            "saved and the answer is 409."
        ),
        parameters=[CASE_ID],
        request=CaseAllocateSerializer,
        responses={200: CaseDetailSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request, case_id: int):
        view = case_get_for_user(user=request.user, case_id=case_id, record_view=False)
        allocation_require(actor=request.user, case=view.case)
        serializer = CaseAllocateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = case_allocate(
            actor=request.user,
            case=view.case,
            practitioner_id=serializer.validated_data["practitioner"],
            expected_version=serializer.validated_data["version"],
        )
        allocated = replace(view, case=case)
        return Response(
            CaseDetailSerializer(case_detail_from_view(view=allocated, user=request.user)).data
        )


class CaseChronologyView(ServiceErrorsMixin, generics.ListAPIView):
    serializer_class = ChronologyEntrySerializer
    queryset = ChronologyEntry.objects.none()

    @extend_schema(
        operation_id="cases_chronology_list",
        tags=["cases"],
        summary="A case's chronology",
        description=(
            "Newest first. Needs the chronology section; a share sees only entries of its "
            "sections, never restricted ones, and sensitive ones only with the notes section. "
            "The view is audited."
        ),
        parameters=[CASE_ID, ChronologyQuerySerializer],
        responses={200: ChronologyEntrySerializer(many=True), **error_responses(400, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        view = case_get_for_user(
            user=self.request.user, case_id=self.kwargs["case_id"], record_view=False
        )
        case_require_section(view, CaseSection.CHRONOLOGY)
        query = ChronologyQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return chronology_for_user(
            user=self.request.user,
            view=view,
            agency_id=query.validated_data.get("agency"),
            kind=query.validated_data.get("kind"),
        )


class CaseShareCreateView(HavenAPIView):
    @extend_schema(
        operation_id="cases_shares_create",
        tags=["cases"],
        summary="Share sections of a case with another agency",
        description=(
            "Need-to-know, time-limited access for an agency (or one of its teams) to chosen "
            "sections, with a reason and a lawful basis. Only the lead authority may share "
            "(others who see the case get 403)."
        ),
        parameters=[CASE_ID],
        request=CaseShareInputSerializer,
        responses={201: CaseShareSerializer, **error_responses(400, 404)},
    )
    def post(self, request, case_id: int):
        view = case_get_for_user(user=request.user, case_id=case_id, record_view=False)
        serializer = CaseShareInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        share = case_share_create(actor=request.user, case=view.case, **serializer.validated_data)
        return Response(CaseShareSerializer(share).data, status=status.HTTP_201_CREATED)

    def get_service_field_names(self) -> dict[str, str]:
        by_slug = isinstance(self.request.data, dict) and "agency_id" not in self.request.data
        return {"team": "team_id", "agency": "agency" if by_slug else "agency_id"}


class CaseShareDetailView(HavenAPIView):
    @extend_schema(
        operation_id="cases_shares_destroy",
        tags=["cases"],
        summary="End a share",
        description="Only the lead authority sees a case's shares, so anyone else gets 404.",
        parameters=[CASE_ID, SHARE_ID],
        request=None,
        responses={204: None, **error_responses(404)},
    )
    def delete(self, request, case_id: int, share_id: int):
        share = case_share_get_for_lead(user=request.user, case_id=case_id, share_id=share_id)
        case_share_revoke(actor=request.user, share=share)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CaseNoteCreateView(HavenAPIView):
    @extend_schema(
        operation_id="cases_notes_create",
        tags=["cases"],
        summary="Add a note to a case",
        description=(
            "Needs the notes section. Only the lead authority may restrict a note; a sensitive "
            "note is seen by shared agencies only with the notes section."
        ),
        parameters=[CASE_ID],
        request=CaseNoteInputSerializer,
        responses={201: CaseNoteSerializer, **error_responses(400, 404)},
    )
    def post(self, request, case_id: int):
        view = case_get_for_user(user=request.user, case_id=case_id, record_view=False)
        case_require_section(view, CaseSection.NOTES)
        serializer = CaseNoteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = case_note_add(actor=request.user, case=view.case, **serializer.validated_data)
        return Response(CaseNoteSerializer(note).data, status=status.HTTP_201_CREATED)


class BreakGlassView(HavenAPIView):
    @extend_schema(
        operation_id="cases_break_glass_create",
        tags=["cases"],
        summary="Break-glass access to a case",
        description=(
            "Emergency access without a share, for an urgent safeguarding reason: lasts a fixed "
            "time, tells the case lead and auditors at once and waits for an auditor's review. "
            "Only practitioners and managers of agencies with out-of-hours safeguarding duty "
            "(by default local authorities, emergency duty teams and the police) may, and only "
            "with the `break_glass_reference` a known-to answer gave them for this case. Any "
            "other attempt is 404, as for a case that does not exist, and is audited. Beyond 2 "
            "uses in 24 hours the answer is 202: a manager of your agency must approve first."
        ),
        parameters=[CASE_ID],
        request=BreakGlassInputSerializer,
        responses={
            201: BreakGlassSerializer,
            202: OpenApiResponse(
                BreakGlassSerializer,
                description="Beyond the daily limit: waiting for a manager of your agency.",
            ),
            **error_responses(400, 404),
            400: OpenApiResponse(description="Reason too short, or you can already see this case."),
        },
    )
    def post(self, request, case_id: int):
        # The reference is checked first: without a valid one the answer is 404 whatever the
        # rest of the body says, exactly as for a case that does not exist.
        reference = request.data.get("reference") if isinstance(request.data, dict) else None
        case = case_for_break_glass(
            user=request.user,
            reference=reference[:40] if isinstance(reference, str) else "",
            case_id=case_id,
        )
        serializer = BreakGlassInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        access = break_glass_open(
            actor=request.user, case=case, reason=serializer.validated_data["reason"]
        )
        granted = access.status == BreakGlassStatus.GRANTED
        return Response(
            BreakGlassSerializer(access).data,
            status=status.HTTP_201_CREATED if granted else status.HTTP_202_ACCEPTED,
        )


# --- The case in HTCDS 2.0 field names (decision 0031) -------------------------------------------


def _listed(help_text: str):
    return serializers.ListField(child=serializers.CharField(), required=False, help_text=help_text)


class HtcdsPerpetratorSerializer(serializers.Serializer):
    prs_FirstName = serializers.CharField()
    prs_SecondName = serializers.CharField()
    prs_Birthdate = serializers.DateField(allow_null=True)
    prs_Gender = serializers.CharField()
    per_RoleInProcess = _listed("Empty: Haven does not record a suspect's part.")
    per_RoleDetails = serializers.CharField()


class HtcdsEventSerializer(serializers.Serializer):
    hte_Date = serializers.DateField()
    hte_Type = serializers.CharField(help_text="Recruitment, Transit or Exploitation; empty.")
    hte_Description = serializers.CharField(help_text="The indicators seen, in words.")


class HtcdsCaseSerializer(serializers.Serializer):
    """For the schema only: the document is built by ``workflows.htcds_fields``."""

    haven_Standard = serializers.CharField(help_text="HTCDS 2.0")
    haven_CaseReference = serializers.CharField()
    prs_FirstName = serializers.CharField()
    prs_SecondName = serializers.CharField()
    prs_Birthdate = serializers.DateField(allow_null=True)
    prs_Gender = serializers.CharField(
        help_text="Feminine, Masculine, NonConforming or NonSpecifiedUnknown."
    )
    prs_Citizenship = _listed("ISO 3166 alpha-2. With the people section only.")
    prs_PrimaryLanguage = serializers.CharField(required=False)
    prs_MobilePhone = serializers.CharField(required=False, help_text="E.164.")
    prs_MailingStreet = serializers.CharField(
        required=False,
        help_text="A current address that is not confidential; never a confidential one.",
    )
    prs_MailingCity = serializers.CharField(required=False)
    prs_MailingPostalCode = serializers.CharField(required=False)
    prs_MailingCountry = serializers.CharField(required=False)
    vic_AgeWhenTrafficked = serializers.IntegerField(
        allow_null=True, help_text="Age when the first concern happened."
    )
    vic_TypeOfExploitation = _listed(
        "SexualExploitation, ForcedLabour, Servitude, OrganRemoval, ForcedBegging, Other. With "
        "the screening section only."
    )
    vic_MethodsOfControl = _listed("DebtBondage, Threats, PhysicalAbuse, ... With the screening.")
    haven_OtherExploitation = serializers.CharField(
        required=False, help_text="What Other stands for (criminal exploitation)."
    )
    vic_TraffickingStatus = serializers.CharField(
        required=False, help_text="Possible, Actual or NotAVictim from the NRM decision; empty."
    )
    vic_TraffickingStatusDecisionMakingOrg = serializers.CharField(required=False)
    cas_Status = serializers.CharField(help_text="Active or Closed.")
    cas_ReasonForCaseClosure = serializers.CharField()
    cas_CaseOwner = serializers.CharField()
    cas_ReferringOrganisation = serializers.CharField()
    cas_IncomingReferralDate = serializers.DateField()
    perpetrators = HtcdsPerpetratorSerializer(
        many=True, required=False, help_text="Only for those who may see who is suspected."
    )
    historic_trafficking_events = HtcdsEventSerializer(
        many=True, required=False, help_text="Each concern; with the screening section only."
    )


class CaseHtcdsExportView(HavenAPIView):
    # A download: JSON whatever the client (a browser, from the case summary) accepts.
    content_negotiation_class = FileOrJsonErrors

    @extend_schema(
        operation_id="cases_export_htcds",
        tags=["cases"],
        summary="The case keyed by the Human Trafficking Case Data Standard 2.0's field names",
        description=(
            "For partners whose systems use HTCDS 2.0 (`prs_`, `vic_`, `per_`, `cas_`, `hte_`). "
            "Each part only as far as you see the case: the person's contact details with the "
            "people section, exploitation and means with the screening section, the trafficking "
            "status with the NRM section, suspects only if you may learn who is suspected; a "
            "confidential address never. Haven's own keys start `haven_`. Anyone who cannot see "
            "the case (strategic leads included) gets 404. Audited as an export "
            "(`case_htcds_exported`)."
        ),
        parameters=[CASE_ID],
        responses={200: HtcdsCaseSerializer, **error_responses(404)},
    )
    def get(self, request, case_id: int):
        document = htcds_export_for_user(user=request.user, case_id=case_id)
        response = Response(document)
        reference = document["haven_CaseReference"]
        response["Content-Disposition"] = f'attachment; filename="{reference}-htcds.json"'
        return response
