"""Request and response shapes of the investigations API. Serializers parse types; the services
decide what may be recorded, and the selectors who sees which suspect."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from haven.core.limits import FREE_TEXT_MAX, too_long
from haven.investigations import reference
from haven.investigations.models import (
    InvestigationStatus,
    OrderType,
    Outcome,
    UpdateGivenTo,
    VictimStatement,
)
from haven.people.serializers import (
    AgencyRefSerializer,
    StrictInputSerializer,
    UserRefSerializer,
    named_choice_field,
)

VictimStatementField = named_choice_field("VictimStatement", VictimStatement.choices)
InvestigationStatusField = named_choice_field("InvestigationStatus", InvestigationStatus.choices)
OrderTypeField = named_choice_field("OrderType", OrderType.choices)
OutcomeField = named_choice_field("SuspectOutcomeCode", Outcome.choices)
UpdateGivenToField = named_choice_field("UpdateGivenTo", UpdateGivenTo.choices)
OffenceField = named_choice_field("OffenceCode", reference.offence_choices())


def _text(noun: str, **kwargs) -> serializers.CharField:
    return serializers.CharField(
        max_length=FREE_TEXT_MAX,
        allow_blank=True,
        error_messages={"max_length": too_long(noun, FREE_TEXT_MAX)},
        **kwargs,
    )


class InvestigationInputSerializer(StrictInputSerializer):
    officer_in_charge = serializers.CharField(max_length=200, allow_blank=True)
    officer_contact = serializers.CharField(max_length=200, allow_blank=True, default="")
    crime_references = serializers.ListField(
        child=serializers.CharField(max_length=60), max_length=20, default=list
    )
    offences = serializers.ListField(child=OffenceField(), max_length=40)
    victim_statement = VictimStatementField(
        help_text="Whether the child gave a statement. The investigation continues either way."
    )
    opened_on = serializers.DateField()
    suspects = serializers.ListField(
        child=serializers.IntegerField(),
        max_length=50,
        default=list,
        help_text="Ids of adults of concern linked to the child by a relationship.",
    )


class InvestigationUpdateSerializer(StrictInputSerializer):
    """A PATCH: any of the details, with the version the change is based on."""

    version = serializers.IntegerField(help_text="The version this change is based on.")
    officer_in_charge = serializers.CharField(max_length=200, allow_blank=True, required=False)
    officer_contact = serializers.CharField(max_length=200, allow_blank=True, required=False)
    crime_references = serializers.ListField(
        child=serializers.CharField(max_length=60), max_length=20, required=False
    )
    offences = serializers.ListField(child=OffenceField(), max_length=40, required=False)
    victim_statement = VictimStatementField(required=False)
    status = InvestigationStatusField(
        required=False,
        help_text="`closed` needs `closed_on` and `closed_reason`; `open` reopens it.",
    )
    closed_on = serializers.DateField(allow_null=True, required=False)
    closed_reason = _text("The reason", required=False)


class OrderInputSerializer(StrictInputSerializer):
    order_type = OrderTypeField()
    suspect = serializers.IntegerField(help_text="The suspect (of this investigation) it is on.")
    issued_on = serializers.DateField()
    expires_on = serializers.DateField(allow_null=True, default=None)
    address_line_1 = serializers.CharField(max_length=200, allow_blank=True, default="")
    address_line_2 = serializers.CharField(max_length=200, allow_blank=True, default="")
    town = serializers.CharField(max_length=100, allow_blank=True, default="")
    postcode = serializers.CharField(max_length=10, allow_blank=True, default="")
    child_in_care = serializers.BooleanField(default=False)


class BreachInputSerializer(StrictInputSerializer):
    breached_on = serializers.DateField()
    note = _text("The note", default="")


class OutcomeInputSerializer(StrictInputSerializer):
    suspect = serializers.IntegerField()
    outcome = OutcomeField()
    decided_on = serializers.DateField()
    offences = serializers.ListField(child=OffenceField(), max_length=40, default=list)
    note = _text("The note", default="")


class ChildOffenceInputSerializer(StrictInputSerializer):
    offence = OffenceField()
    arrested_on = serializers.DateField()
    charged_on = serializers.DateField(allow_null=True, default=None)
    linked_to_exploitation = _text("The link to the exploitation")


class ReviewInputSerializer(StrictInputSerializer):
    section_45_considered = serializers.BooleanField()
    trained_interviewer = serializers.BooleanField()
    out_of_hours_informed = serializers.BooleanField()
    reviewed_on = serializers.DateField()
    note = _text("The note", default="")


class VictimUpdateInputSerializer(StrictInputSerializer):
    given_on = serializers.DateField()
    given_to = UpdateGivenToField()
    partner_agency = serializers.CharField(max_length=200, allow_blank=True, default="")
    summary = _text("The summary")


class OffenceSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    statute = serializers.CharField()
    section = serializers.CharField()
    section_45_defence_available = serializers.SerializerMethodField()
    schedule_4_category = serializers.SerializerMethodField()

    def get_section_45_defence_available(self, offence) -> bool:
        return reference.defence_available(offence.code)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_schedule_4_category(self, offence) -> str | None:
        return offence.schedule_4.label if offence.schedule_4 else None


class Schedule4Serializer(serializers.Serializer):
    source = serializers.CharField()
    offences = OffenceSerializer(many=True)


class OutcomeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    outcome = OutcomeField()
    decided_on = serializers.DateField()
    offences = serializers.ListField(child=serializers.CharField())
    note = serializers.CharField()


class SuspectSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="suspect.pk")
    name = serializers.CharField(
        help_text='The suspect\'s name, or "Suspect N" to a reader who may not learn who.'
    )
    person_id = serializers.IntegerField(source="person.pk", allow_null=True, default=None)
    outcomes = OutcomeSerializer(many=True)


class BreachSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    breached_on = serializers.DateField()
    note = serializers.CharField()


class OrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order_type = OrderTypeField()
    suspect = serializers.IntegerField(source="suspect_id")
    issued_on = serializers.DateField()
    expires_on = serializers.DateField(allow_null=True)
    address_line_1 = serializers.CharField()
    address_line_2 = serializers.CharField()
    town = serializers.CharField()
    postcode = serializers.CharField()
    child_in_care = serializers.BooleanField()
    breaches = BreachSerializer(many=True)


class ChildOffenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    offence = serializers.CharField()
    section_45_defence_available = serializers.SerializerMethodField()
    arrested_on = serializers.DateField()
    charged_on = serializers.DateField(allow_null=True)
    linked_to_exploitation = serializers.CharField()
    section_45_considered = serializers.BooleanField(allow_null=True)
    trained_interviewer = serializers.BooleanField(allow_null=True)
    out_of_hours_informed = serializers.BooleanField(allow_null=True)
    reviewed_on = serializers.DateField(allow_null=True)

    def get_section_45_defence_available(self, offence) -> bool:
        return reference.defence_available(offence.offence)


class VictimUpdateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    given_on = serializers.DateField()
    given_to = UpdateGivenToField()
    partner_agency = serializers.CharField()
    summary = serializers.CharField()
    recorded_by = UserRefSerializer()
    recorded_by_agency = AgencyRefSerializer()


class InvestigationSerializer(serializers.Serializer):
    """An ``InvestigationView``: suspects as the reader may see them."""

    id = serializers.IntegerField(source="investigation.pk")
    case_id = serializers.IntegerField(source="investigation.case_id")
    version = serializers.IntegerField(source="investigation.version")
    status = serializers.CharField(source="investigation.status")
    closed_on = serializers.DateField(source="investigation.closed_on", allow_null=True)
    closed_reason = serializers.CharField(source="investigation.closed_reason")
    officer_in_charge = serializers.CharField(source="investigation.officer_in_charge")
    officer_contact = serializers.CharField(source="investigation.officer_contact")
    crime_references = serializers.ListField(
        source="investigation.crime_references", child=serializers.CharField()
    )
    offences = serializers.ListField(source="investigation.offences", child=serializers.CharField())
    victim_statement = VictimStatementField(source="investigation.victim_statement")
    opened_on = serializers.DateField(source="investigation.opened_on")
    agency = AgencyRefSerializer(source="investigation.agency")
    suspects = SuspectSerializer(many=True)
    orders = OrderSerializer(many=True, source="investigation.orders.all")
    child_offences = ChildOffenceSerializer(many=True, source="investigation.child_offences.all")
    victim_updates = VictimUpdateSerializer(many=True, source="investigation.victim_updates.all")
    may_lead = serializers.BooleanField(
        help_text="The caller may record suspects, orders, outcomes and the child's offences."
    )
    may_update_victim = serializers.BooleanField(
        help_text="The caller may record an update given to the child or a partner agency."
    )
