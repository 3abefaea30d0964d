"""Investigations over the API, with the same rules as the pages. Views are thin: the selectors
fetch and ask the access door (404 without the case's investigation section), the services and
workflows check who may record what (403) and validate (400)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from haven.cases.models import CaseSection
from haven.cases.selectors import case_get_for_user
from haven.core.api import HavenAPIView, error_responses
from haven.investigations import reference, services
from haven.investigations.selectors import (
    case_investigations_for_user,
    child_offence_of,
    investigation_get_for_user,
    investigation_view_for_user,
    order_of,
)
from haven.investigations.serializers import (
    BreachInputSerializer,
    BreachSerializer,
    ChildOffenceInputSerializer,
    ChildOffenceSerializer,
    InvestigationInputSerializer,
    InvestigationSerializer,
    InvestigationUpdateSerializer,
    OrderInputSerializer,
    OrderSerializer,
    OutcomeInputSerializer,
    OutcomeSerializer,
    ReviewInputSerializer,
    Schedule4Serializer,
    VictimUpdateInputSerializer,
    VictimUpdateSerializer,
)
from haven.workflows import investigations as journey

CASE_ID = OpenApiParameter("case_id", int, OpenApiParameter.PATH, description="Case id.")
INVESTIGATION_ID = OpenApiParameter(
    "investigation_id", int, OpenApiParameter.PATH, description="Investigation id."
)
WHO = (
    "Whoever sees the case's investigation section (the lead authority, break-glass, a share of "
    "it) sees its investigations; anyone else gets 404. Suspects are named only to the police, "
    "the lead authority, break-glass and shares that also include the people section."
)
POLICE = " Only the police (a police user who sees the section) may record this; others 403."
TAGS = ["investigations"]


def _view(request, investigation_id: int) -> dict:
    return InvestigationSerializer(
        investigation_view_for_user(
            user=request.user, investigation_id=investigation_id, record_view=False
        )
    ).data


class CaseInvestigationsView(HavenAPIView):
    service_field_names = {"suspect_ids": "suspects"}

    @extend_schema(
        operation_id="cases_investigations_list",
        tags=TAGS,
        summary="A case's investigations",
        description=f"{WHO} The read is audited.",
        parameters=[CASE_ID],
        responses={200: InvestigationSerializer(many=True), **error_responses(404)},
    )
    def get(self, request, case_id: int):
        view = case_get_for_user(user=request.user, case_id=case_id, record_view=False)
        views = case_investigations_for_user(user=request.user, view=view)
        return Response(InvestigationSerializer(views, many=True).data)

    @extend_schema(
        operation_id="cases_investigations_create",
        tags=TAGS,
        summary="Open a police investigation on a case",
        description=f"{WHO}{POLICE} The investigation continues whether or not the child gives "
        "a statement.",
        parameters=[CASE_ID],
        request=InvestigationInputSerializer,
        responses={201: InvestigationSerializer, **error_responses(400, 404)},
    )
    def post(self, request, case_id: int):
        view = case_get_for_user(
            user=request.user,
            case_id=case_id,
            record_view=False,
            section=CaseSection.INVESTIGATION,
        )
        serializer = InvestigationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["suspect_ids"] = data.pop("suspects")
        investigation = journey.investigation_open(actor=request.user, case=view.case, **data)
        return Response(_view(request, investigation.pk), status=status.HTTP_201_CREATED)


class InvestigationView(HavenAPIView):
    @extend_schema(
        operation_id="investigations_retrieve",
        tags=TAGS,
        summary="An investigation",
        description=f"{WHO} The read is audited.",
        parameters=[INVESTIGATION_ID],
        responses={200: InvestigationSerializer, **error_responses(404)},
    )
    def get(self, request, investigation_id: int):
        view = investigation_view_for_user(user=request.user, investigation_id=investigation_id)
        return Response(InvestigationSerializer(view).data)

    @extend_schema(
        operation_id="investigations_partial_update",
        tags=TAGS,
        summary="Change, close or reopen an investigation",
        description=f"{WHO}{POLICE} Send the `version` the change is based on: 409 when someone "
        "saved since. Closing needs the date and why; a closed investigation still takes "
        "outcomes, breaches and updates.",
        parameters=[INVESTIGATION_ID],
        request=InvestigationUpdateSerializer,
        responses={200: InvestigationSerializer, **error_responses(400, 404, 409)},
    )
    def patch(self, request, investigation_id: int):
        investigation = investigation_get_for_user(
            user=request.user, investigation_id=investigation_id, record_view=False
        )
        serializer = InvestigationUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        services.investigation_update(
            actor=request.user,
            investigation=investigation,
            expected_version=changes.pop("version"),
            **changes,
        )
        return Response(_view(request, investigation.pk))


class _RecordOnInvestigation(HavenAPIView):
    def investigation(self, request, investigation_id: int):
        return investigation_get_for_user(
            user=request.user, investigation_id=investigation_id, record_view=False
        )


class OrdersView(_RecordOnInvestigation):
    service_field_names = {"suspect_id": "suspect"}

    @extend_schema(
        operation_id="investigations_orders_create",
        tags=TAGS,
        summary="Record an order or notice (STPO, STRO, CAWN)",
        description=f"{WHO}{POLICE} A child abduction warning notice (`cawn`) needs the address "
        "and postcode, and the child under 16 (or under 18 and in care: `child_in_care`).",
        parameters=[INVESTIGATION_ID],
        request=OrderInputSerializer,
        responses={201: OrderSerializer, **error_responses(400, 404)},
    )
    def post(self, request, investigation_id: int):
        investigation = self.investigation(request, investigation_id)
        serializer = OrderInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["suspect_id"] = data.pop("suspect")
        order = journey.order_record(actor=request.user, investigation=investigation, **data)
        return Response(OrderSerializer(order).data, status=status.HTTP_201_CREATED)


class BreachesView(_RecordOnInvestigation):
    @extend_schema(
        operation_id="investigations_orders_breaches_create",
        tags=TAGS,
        summary="Record a breach of an order or notice",
        description=f"{WHO}{POLICE}",
        parameters=[
            INVESTIGATION_ID,
            OpenApiParameter("order_id", int, OpenApiParameter.PATH, description="Order id."),
        ],
        request=BreachInputSerializer,
        responses={201: BreachSerializer, **error_responses(400, 404)},
    )
    def post(self, request, investigation_id: int, order_id: int):
        order = order_of(self.investigation(request, investigation_id), order_id)
        serializer = BreachInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        breach = services.order_breach_record(
            actor=request.user, order=order, **serializer.validated_data
        )
        return Response(BreachSerializer(breach).data, status=status.HTTP_201_CREATED)


class OutcomesView(_RecordOnInvestigation):
    service_field_names = {"suspect_id": "suspect"}

    @extend_schema(
        operation_id="investigations_outcomes_create",
        tags=TAGS,
        summary="Record a suspect's outcome",
        description=f"{WHO}{POLICE} `no_further_action`, `charged`, `convicted`, `acquitted` or "
        "`ongoing`, dated; a conviction or acquittal needs a charge first, nothing follows a "
        "verdict, and an outcome is not dated before the last (400).",
        parameters=[INVESTIGATION_ID],
        request=OutcomeInputSerializer,
        responses={201: OutcomeSerializer, **error_responses(400, 404)},
    )
    def post(self, request, investigation_id: int):
        investigation = self.investigation(request, investigation_id)
        serializer = OutcomeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["suspect_id"] = data.pop("suspect")
        outcome = services.outcome_record(actor=request.user, investigation=investigation, **data)
        return Response(OutcomeSerializer(outcome).data, status=status.HTTP_201_CREATED)


class ChildOffencesView(_RecordOnInvestigation):
    @extend_schema(
        operation_id="investigations_child_offences_create",
        tags=TAGS,
        summary="Record the child's own arrest or charge",
        description=f"{WHO}{POLICE} The answer says whether the section 45 defence may be "
        "available (not for a Schedule 4 offence).",
        parameters=[INVESTIGATION_ID],
        request=ChildOffenceInputSerializer,
        responses={201: ChildOffenceSerializer, **error_responses(400, 404)},
    )
    def post(self, request, investigation_id: int):
        investigation = self.investigation(request, investigation_id)
        serializer = ChildOffenceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        offence = services.child_offence_record(
            actor=request.user, investigation=investigation, **serializer.validated_data
        )
        return Response(ChildOffenceSerializer(offence).data, status=status.HTTP_201_CREATED)


class ReviewView(_RecordOnInvestigation):
    service_field_names = {"review_note": "note"}

    @extend_schema(
        operation_id="investigations_child_offences_review",
        tags=TAGS,
        summary="Record the non-criminalisation review of the child's arrest",
        description=f"{WHO}{POLICE} Completes the case's non-criminalisation review task.",
        parameters=[
            INVESTIGATION_ID,
            OpenApiParameter("offence_id", int, OpenApiParameter.PATH, description="Arrest id."),
        ],
        request=ReviewInputSerializer,
        responses={200: ChildOffenceSerializer, **error_responses(400, 404)},
    )
    def post(self, request, investigation_id: int, offence_id: int):
        offence = child_offence_of(self.investigation(request, investigation_id), offence_id)
        serializer = ReviewInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        offence = journey.non_criminalisation_review_record(
            actor=request.user, child_offence=offence, **serializer.validated_data
        )
        return Response(ChildOffenceSerializer(offence).data)


class VictimUpdatesView(_RecordOnInvestigation):
    @extend_schema(
        operation_id="investigations_victim_updates_create",
        tags=TAGS,
        summary="Record an update given to the child, a parent or carer, or a partner agency",
        description=f"{WHO} The lead authority and the police record them; others who see the "
        "investigation get 403. An update to the child or a parent or carer closes an overdue "
        "update task and restarts the clock.",
        parameters=[INVESTIGATION_ID],
        request=VictimUpdateInputSerializer,
        responses={201: VictimUpdateSerializer, **error_responses(400, 404)},
    )
    def post(self, request, investigation_id: int):
        investigation = self.investigation(request, investigation_id)
        serializer = VictimUpdateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        update = journey.victim_update_record(
            actor=request.user, investigation=investigation, **serializer.validated_data
        )
        return Response(VictimUpdateSerializer(update).data, status=status.HTTP_201_CREATED)


class Schedule4View(HavenAPIView):
    @extend_schema(
        operation_id="reference_schedule_4",
        tags=TAGS,
        summary="Offences, and whether the section 45 defence may be available",
        description="Haven's offences list, checked against Schedule 4 of the Modern Slavery Act "
        "2015 (offences for which the section 45 defence is not available), with its source. "
        "`q` keeps the offences whose name or statute contains every word. Reference data: no "
        "record of anyone.",
        parameters=[OpenApiParameter("q", str, OpenApiParameter.QUERY, required=False)],
        responses={200: Schedule4Serializer, **error_responses()},
    )
    def get(self, request):
        query = request.query_params.get("q", "")[:100]
        return Response(
            Schedule4Serializer(
                {
                    "source": reference.offence_list().source,
                    "offences": reference.offences_matching(query),
                }
            ).data
        )
