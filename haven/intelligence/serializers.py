"""Request and response shapes of the intelligence API. Serializers parse types and bound
lengths; the services normalise and decide what may be recorded, the selectors who sees what."""

import re

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from haven.core.api import BoundedListField, id_field
from haven.core.limits import FREE_TEXT_MAX, ID_MAX, SEARCH_MAX, not_an_id, too_long, too_many
from haven.intelligence.exports import FORMATS
from haven.intelligence.models import (
    EntityType,
    HandlingCode,
    IntelligenceAssessment,
    LinkSource,
    LinkType,
    SourceEvaluation,
)
from haven.people.serializers import StrictInputSerializer, named_choice_field

# --- Entities and links (intel-api) ---------------------------------------------------------

EntityTypeField = named_choice_field("EntityType", EntityType.choices)
LinkTypeField = named_choice_field("LinkType", LinkType.choices)
LinkSourceField = named_choice_field("LinkSource", LinkSource.choices)
SourceEvaluationField = named_choice_field("SourceEvaluation", SourceEvaluation.choices)
IntelligenceAssessmentField = named_choice_field(
    "IntelligenceAssessment", IntelligenceAssessment.choices
)
HandlingCodeField = named_choice_field("HandlingCode", HandlingCode.choices)

SHARED_WITH_MAX = 50


def _short(noun: str, limit: int, **kwargs) -> serializers.CharField:
    return serializers.CharField(
        max_length=limit,
        allow_blank=True,
        default="",
        error_messages={"max_length": too_long(noun, limit)},
        **kwargs,
    )


class EntityInputSerializer(StrictInputSerializer):
    entity_type = EntityTypeField()
    line = _short("The address line", 300, help_text="An address: its first line.")
    postcode = _short(
        "The postcode",
        20,
        help_text='An address (or a business): a UK postcode, "wa11aa" is kept as "WA1 1AA".',
    )
    registration = _short(
        "The registration mark", 20, help_text='A vehicle: "ab12 cde" is kept as "AB12CDE".'
    )
    country = _short(
        "The country", 2, help_text="A vehicle registered abroad: its country code (GB if blank)."
    )
    number = _short(
        "The phone number",
        30,
        help_text='A phone: kept as E.164, "07700 900123" as "+447700900123".',
    )
    name = _short(
        "The name", 200, help_text="A person of concern, online account, business or group."
    )
    platform = _short(
        "The platform", 100, help_text="An online account's platform; a business's kind."
    )
    description = _short("The description", FREE_TEXT_MAX)
    latitude = serializers.DecimalField(
        max_digits=8, decimal_places=5, required=False, allow_null=True, default=None
    )
    longitude = serializers.DecimalField(
        max_digits=8, decimal_places=5, required=False, allow_null=True, default=None
    )


class EntitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    entity_type = serializers.CharField()
    label = serializers.CharField(help_text="How Haven names it: an address's line and postcode.")
    name = serializers.CharField()
    line = serializers.CharField()
    postcode = serializers.CharField()
    registration = serializers.CharField()
    number = serializers.CharField()
    platform = serializers.CharField()
    description = serializers.CharField()
    latitude = serializers.DecimalField(max_digits=8, decimal_places=5, allow_null=True)
    longitude = serializers.DecimalField(max_digits=8, decimal_places=5, allow_null=True)
    merged_into = serializers.IntegerField(
        source="merged_into_id",
        allow_null=True,
        help_text="The entity a duplicate was merged into (null when it is live).",
    )


class EndSerializer(serializers.Serializer):
    id = serializers.CharField(source="ref", help_text='"case:12" or "entity:5".')
    type = serializers.CharField(source="kind", help_text='"case" or "entity".')
    label = serializers.CharField(help_text="Empty when restricted.")
    restricted = serializers.BooleanField(
        help_text="The caller may not see this end: no detail is given."
    )


class LinkSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="link.pk")
    source_end = EndSerializer(source="start")
    to = EndSerializer(source="end")
    link_type = serializers.CharField(source="link.link_type")
    occurred_on = serializers.DateField(source="link.occurred_on")
    source = serializers.CharField(source="link.source")
    grading = serializers.CharField(source="link.grading", help_text='3x5x2, e.g. "1AP".')
    source_evaluation = serializers.CharField(source="link.source_evaluation")
    intelligence_assessment = serializers.CharField(source="link.intelligence_assessment")
    handling_code = serializers.CharField(source="link.handling_code")
    handling_conditions = serializers.CharField(source="link.handling_conditions")
    shared_with_agency_ids = serializers.SerializerMethodField()
    recorded_by_agency = serializers.CharField(source="link.recorded_by_agency.name")

    def get_fields(self):
        fields = super().get_fields()
        # "from" is a Python keyword: the field is declared under another name.
        fields["from"] = fields.pop("source_end")
        return fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_shared_with_agency_ids(self, view) -> list[int]:
        return sorted(agency.pk for agency in view.link.shared_with_agencies.all())


class EntityDetailSerializer(EntitySerializer):
    links = LinkSerializer(many=True, help_text="Every link to or from it the caller may see.")


_REF = re.compile(r"^(case|entity):([0-9]{1,19})$")


@extend_schema_field({"type": "string", "pattern": _REF.pattern, "example": "case:12"})
class RefField(serializers.CharField):
    """ "case:<id>" or "entity:<id>", as (kind, id)."""

    def __init__(self, *, kinds: tuple[str, ...], **kwargs):
        self.kinds = kinds
        super().__init__(max_length=30, **kwargs)

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        match = _REF.match(text)
        spelt = " or ".join(f'"{kind}:<id>"' for kind in self.kinds)
        if match is None or match.group(1) not in self.kinds:
            raise serializers.ValidationError(f"Give {spelt}")
        number = int(match.group(2))
        if not 1 <= number <= ID_MAX:
            raise serializers.ValidationError(not_an_id("The id"))
        return match.group(1), number


class LinkInputSerializer(StrictInputSerializer):
    to = RefField(kinds=("entity",))
    link_type = LinkTypeField()
    occurred_on = serializers.DateField()
    source = LinkSourceField(
        default=LinkSource.INTELLIGENCE_REPORT,
        help_text="Where it came from; an intelligence report when not given.",
    )
    source_evaluation = SourceEvaluationField(help_text="1 reliable, 2 untested, 3 not reliable.")
    intelligence_assessment = IntelligenceAssessmentField(
        help_text="A known directly, B known indirectly but corroborated, C known indirectly, "
        "D not known, E suspected to be false."
    )
    handling_code = HandlingCodeField(
        help_text="P lawful sharing permitted; C only under the conditions recorded (required)."
    )
    handling_conditions = _short("The conditions", FREE_TEXT_MAX)
    shared_with_agency_ids = BoundedListField(
        child=id_field("An agency id"),
        max_length=SHARED_WITH_MAX,
        message=too_many(SHARED_WITH_MAX, "agencies"),
        default=list,
        help_text="For a C link: the agencies its conditions name (it exists for them too).",
    )
    note = _short("The note", FREE_TEXT_MAX)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = RefField(kinds=("case", "entity"))
        return fields


class EntitySearchSerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=SEARCH_MAX,
        allow_blank=True,
        default="",
        error_messages={"max_length": too_long("The search", SEARCH_MAX)},
    )
    entity_type = EntityTypeField(required=False, allow_blank=True, default="")


# --- Hotspots (decision 0028) --------------------------------------------------------------


class HotspotEntitySerializer(serializers.Serializer):
    """The entity of a hotspot; a restricted one carries no detail."""

    id = serializers.IntegerField(allow_null=True)
    entity_type = serializers.CharField()
    label = serializers.CharField(allow_null=True)
    restricted = serializers.BooleanField()


class HotspotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    entity = HotspotEntitySerializer()
    children = serializers.IntegerField(help_text="Distinct children linked (P links only).")
    areas = serializers.ListField(child=serializers.CharField(), help_text="Area codes.")
    cases = serializers.ListField(
        child=serializers.IntegerField(), help_text="The cases involved that the caller may see."
    )
    other_cases = serializers.IntegerField(help_text="How many other cases are involved.")
    active = serializers.BooleanField()
    first_detected_at = serializers.DateTimeField()
    last_changed_at = serializers.DateTimeField()


def hotspot_body(view) -> dict:
    hotspot, entity = view.hotspot, view.entity
    return {
        "id": hotspot.pk,
        "entity": {
            "id": entity.pk if entity else None,
            "entity_type": hotspot.entity.entity_type,
            "label": entity.label if entity else None,
            "restricted": entity is None,
        },
        "children": hotspot.children,
        "areas": hotspot.areas,
        "cases": [case.pk for case in view.cases],
        "other_cases": view.others,
        "active": hotspot.active,
        "first_detected_at": hotspot.first_detected_at,
        "last_changed_at": hotspot.last_changed_at,
    }


# --- Network view and exports (decision 0029) ----------------------------------------------


class NetworkQuerySerializer(serializers.Serializer):
    root = serializers.CharField(
        max_length=30, help_text='Where the network starts: "case:<id>" or "entity:<id>".'
    )
    hops = serializers.IntegerField(
        required=False, default=1, help_text="1 or 2 steps from the root."
    )
    link_type = serializers.ListField(
        child=serializers.ChoiceField(choices=LinkType.choices),
        required=False,
        default=list,
        max_length=len(LinkType.values),
        help_text="Only links of these types (repeat the parameter for several).",
    )
    since = serializers.DateField(required=False, help_text="Only links on or after this date.")
    until = serializers.DateField(required=False, help_text="Only links on or before this date.")
    min_grading = serializers.CharField(
        required=False,
        default="",
        max_length=2,
        help_text='At least this grading: "2B" keeps links graded 1 or 2, and A or B.',
    )


class NetworkExportQuerySerializer(NetworkQuerySerializer):
    hops = serializers.IntegerField(
        required=False, default=2, help_text="1 or 2 steps from the root."
    )
    format = serializers.ChoiceField(choices=sorted(FORMATS), help_text="graphml or ftm.")


class NetworkNodeSerializer(serializers.Serializer):
    id = serializers.CharField(help_text='"case:12", "entity:5", or "restricted:1".')
    type = serializers.CharField(
        help_text='"case", an entity\'s type, or for a restricted node "case" or "entity".'
    )
    label = serializers.CharField(help_text='"Restricted" for a node you may not see.')
    restricted = serializers.BooleanField()


# "from" is a Python keyword: the edge's fields are declared by name.
NetworkEdgeSerializer = type(
    "NetworkEdgeSerializer",
    (serializers.Serializer,),
    {
        "from": serializers.CharField(source="source"),
        "to": serializers.CharField(source="target"),
        "link_type": serializers.CharField(),
        "occurred_on": serializers.DateField(),
        "grading": serializers.CharField(help_text='3x5x2, like "1AP".'),
    },
)


class NetworkSerializer(serializers.Serializer):
    root = serializers.CharField()
    hops = serializers.IntegerField()
    truncated = serializers.BooleanField(
        help_text="True when a hub had more links than can be shown: the newest are shown."
    )
    nodes = NetworkNodeSerializer(many=True)
    edges = NetworkEdgeSerializer(many=True)
