"""Request and response shapes of the concerns, front door and cases API.

Serializers check types and formats; rules (known indicator codes, who may decide, share or see
a section) stay in ``haven.cases.services``, ``selectors`` and ``access``.
"""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from haven.accounts.models import Agency, Team
from haven.cases.access import Via
from haven.cases.models import (
    BreakGlassStatus,
    CaseSection,
    CaseStatus,
    ChronologyKind,
    ConcernStatus,
    LawfulBasis,
    Sensitivity,
)
from haven.cases.services import FRONT_DOOR_DECISIONS
from haven.core.api import (
    BoundedListField,
    PlaceMentionedSerializer,
    id_field,
    phones_mentioned_field,
    places_mentioned_field,
    version_field,
)
from haven.core.areas import Area
from haven.core.limits import (
    CODE_MAX,
    FREE_TEXT_MAX,
    too_long,
    too_many,
)
from haven.people.serializers import (
    AgencyRefSerializer,
    PersonInputSerializer,
    PersonSummarySerializer,
    StrictInputSerializer,
    TeamRefSerializer,
    UserRefSerializer,
    named_choice_field,
)
from haven.screening.serializers import ScreeningResultSerializer
from haven.screening.vocabulary import load_vocabulary

AREA_CHOICES = Area.choices
ConcernStatusField = named_choice_field("ConcernStatus", ConcernStatus.choices)
CaseStatusField = named_choice_field("CaseStatus", CaseStatus.choices)
ChronologyKindField = named_choice_field("ChronologyKind", ChronologyKind.choices)
CaseCloseStatusField = named_choice_field(
    "CaseCloseStatus", [(CaseStatus.CLOSED.value, CaseStatus.CLOSED.label)]
)


def _area_field(**kwargs) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=AREA_CHOICES,
        error_messages={
            "invalid_choice": f'"{{input}}" is not an area. Valid areas: {", ".join(Area.values)}.'
        },
        **kwargs,
    )


@extend_schema_field(
    {"type": "string", "enum": sorted(load_vocabulary().codes), "example": "ind.missing_episodes"}
)
class IndicatorCodeField(serializers.CharField):
    """Documented as the vocabulary's codes; unknown codes are reported by the service, with
    the valid ones, under ``indicator_codes``."""


@extend_schema_field({"type": "string", "enum": list(CaseSection.values)})
class SectionField(serializers.CharField):
    """A case section; unknown ones are reported by the service under ``sections``."""


def _link(name: str, *args) -> str:
    return reverse(name, args=args)


def _free_text(noun: str, **kwargs) -> serializers.CharField:
    """Free text (a description, reason or note): at most 15,000 characters."""
    return serializers.CharField(
        max_length=FREE_TEXT_MAX,
        error_messages={"max_length": too_long(noun, FREE_TEXT_MAX)},
        **kwargs,
    )


INDICATOR_CODES_MAX = len(load_vocabulary().codes)
SECTIONS_MAX = len(CaseSection.values)


# ---------------------------------------------------------------------------------------------
# Concerns and the front door


class ConcernInputSerializer(StrictInputSerializer):
    person = PersonInputSerializer(
        required=False, help_text="A person not yet recorded. Give this or person_id."
    )
    person_id = id_field(
        "The person id", required=False, help_text="A person already recorded that you can see."
    )
    description = _free_text("The description", help_text="What you saw or were told.")
    occurred_at = serializers.DateTimeField(help_text="When it happened (ISO 8601).")
    location = serializers.CharField(
        max_length=300,
        error_messages={"max_length": too_long("The location", 300)},
        allow_blank=True,
        default="",
    )
    indicator_codes = BoundedListField(
        child=IndicatorCodeField(
            max_length=CODE_MAX, error_messages={"max_length": too_long("A code", CODE_MAX)}
        ),
        default=list,
        max_length=INDICATOR_CODES_MAX,
        message=too_many(INDICATOR_CODES_MAX, "indicator codes"),
        help_text=f"At most {INDICATOR_CODES_MAX}: each of the vocabulary's codes once.",
    )
    places_mentioned = places_mentioned_field()
    phones_mentioned = phones_mentioned_field()
    immediate_danger = serializers.BooleanField(default=False)
    home_area = _area_field(help_text="The child's home local authority area.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("person" in attrs) == ("person_id" in attrs):
            raise serializers.ValidationError(
                {
                    "person": "Give either the person's details (person) or the id of a person "
                    "already recorded (person_id), not both."
                }
            )
        return attrs


class ConcernDecisionSerializer(StrictInputSerializer):
    decision = serializers.ChoiceField(choices=[(d, d) for d in FRONT_DOOR_DECISIONS])
    reason = _free_text(
        "The reason",
        allow_blank=True,
        default="",
        help_text="Required (10+ characters) unless accepting.",
    )
    case_id = id_field(
        "The case id",
        required=False,
        allow_null=True,
        default=None,
        help_text="Accept into this existing open case instead of opening a new one.",
    )
    lead_practitioner_id = id_field(
        "The lead practitioner id",
        required=False,
        allow_null=True,
        default=None,
        help_text="Lead practitioner of a new case (default: you).",
    )
    version = version_field(
        help_text="Required: the concern version you read. If someone has decided or changed "
        "the concern since, the answer is 409 and nothing is saved.",
    )


class StoredScreeningSerializer(ScreeningResultSerializer):
    """A stored screening: the engine's result as it was reached, with when."""

    id = serializers.IntegerField()
    created_at = serializers.DateTimeField()

    def to_representation(self, instance) -> dict[str, Any]:
        return super().to_representation(
            {**instance.result, "id": instance.pk, "created_at": instance.created_at}
        )


class ConcernLinksSerializer(serializers.Serializer):
    self = serializers.CharField()
    person = serializers.CharField(
        allow_null=True, help_text="The person's record, if the caller may open it."
    )
    case = serializers.CharField(allow_null=True)
    decision = serializers.CharField(
        allow_null=True, help_text="Where the front door records its decision, while awaited."
    )


class ConcernSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person_id = serializers.IntegerField()
    person = PersonSummarySerializer()
    status = ConcernStatusField()
    description = serializers.CharField()
    occurred_at = serializers.DateTimeField()
    location = serializers.CharField()
    indicator_codes = serializers.ListField(child=serializers.CharField())
    places_mentioned = PlaceMentionedSerializer(many=True)
    phones_mentioned = serializers.ListField(child=serializers.CharField())
    immediate_danger = serializers.BooleanField()
    home_area = serializers.ChoiceField(choices=AREA_CHOICES)
    raised_by_agency = AgencyRefSerializer()
    referred_at = serializers.DateTimeField(allow_null=True)
    decision_due_at = serializers.DateTimeField(allow_null=True)
    case_id = serializers.IntegerField(allow_null=True)
    version = serializers.IntegerField()
    links = serializers.SerializerMethodField()

    @extend_schema_field(ConcernLinksSerializer)
    def get_links(self, concern) -> dict[str, Any]:
        awaiting = concern.status == ConcernStatus.AWAITING_DECISION
        return {
            "self": _link("api-concern-detail", concern.pk),
            "person": _link("api-person-detail", concern.person_id)
            if self.context.get("person_visible", True)
            else None,
            "case": _link("api-case-detail", concern.case_id) if concern.case_id else None,
            "decision": _link("api-concern-decision", concern.pk) if awaiting else None,
        }


class ConcernSerializer(ConcernSummarySerializer):
    """A concern. Pass in the context the ``screening`` the caller may see (or None) and
    ``person_visible``, whether they may open the person's record."""

    raised_by = UserRefSerializer()
    raised_by_team = TeamRefSerializer(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decided_by = UserRefSerializer(allow_null=True)
    decision_reason = serializers.CharField()
    adult_routes = serializers.ListField(
        child=serializers.CharField(), help_text="For an adult: the required routes (DOMAIN §4)."
    )
    created_at = serializers.DateTimeField()
    screening = serializers.SerializerMethodField(
        help_text="The screening outcome and required actions; null for callers who see the "
        "concern only through a case's chronology."
    )

    @extend_schema_field(StoredScreeningSerializer(allow_null=True))
    def get_screening(self, concern) -> dict[str, Any] | None:
        screening = self.context.get("screening")
        return StoredScreeningSerializer(screening).data if screening is not None else None


# ---------------------------------------------------------------------------------------------
# Cases


class CaseListQuerySerializer(serializers.Serializer):
    status = CaseStatusField(required=False)


class ChronologyQuerySerializer(serializers.Serializer):
    agency = id_field("The agency id", required=False, help_text="Only entries by this agency id.")
    kind = ChronologyKindField(required=False)


class CaseLinksSerializer(serializers.Serializer):
    self = serializers.CharField()
    chronology = serializers.CharField()


class CaseSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    status = CaseStatusField()
    person = PersonSummarySerializer()
    lead_agency = AgencyRefSerializer()
    lead_team = TeamRefSerializer()
    lead_practitioner = UserRefSerializer(allow_null=True)
    opened_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)
    closed_reason = serializers.CharField()
    version = serializers.IntegerField()
    links = serializers.SerializerMethodField()

    @extend_schema_field(CaseLinksSerializer)
    def get_links(self, case) -> dict[str, str]:
        return {
            "self": _link("api-case-detail", case.pk),
            "chronology": _link("api-case-chronology", case.pk),
        }


class CaseAccessSerializer(serializers.Serializer):
    via = serializers.ChoiceField(choices=[(via.value, via.value) for via in Via])
    sections = serializers.ListField(child=SectionField())


class CaseNoteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    occurred_at = serializers.DateTimeField()
    text = serializers.CharField()
    sensitivity = serializers.ChoiceField(choices=Sensitivity.choices)
    author = UserRefSerializer()
    agency = AgencyRefSerializer()
    version = serializers.IntegerField()


class CaseTaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    lead = serializers.CharField()
    team = TeamRefSerializer()
    due_at = serializers.DateTimeField(allow_null=True)
    due_note = serializers.CharField()


class UrlSectionSerializer(serializers.Serializer):
    url = serializers.CharField()


class NotesSectionSerializer(serializers.Serializer):
    recent = CaseNoteSerializer(many=True, help_text="The 20 newest notes the caller may see.")
    add_url = serializers.CharField()


class ScreeningOverrideRefSerializer(serializers.Serializer):
    outcome = serializers.CharField()
    reason = serializers.CharField()
    actions_removed = serializers.ListField(child=serializers.CharField())
    recorded_at = serializers.DateTimeField()


class ScreeningSectionSerializer(serializers.Serializer):
    current = StoredScreeningSerializer(
        allow_null=True, help_text="The newest screening, as the engine gave it."
    )
    outcome = serializers.CharField(
        allow_null=True,
        help_text=(
            "The outcome in force, as the case page shows it: a professional override of the "
            "current screening when one is in force, else the engine's."
        ),
    )
    override = ScreeningOverrideRefSerializer(
        allow_null=True, help_text="The professional override in force, if any."
    )


class TasksSectionSerializer(serializers.Serializer):
    items = CaseTaskSerializer(many=True)


class CaseSectionsSerializer(serializers.Serializer):
    """Only the sections the caller may see are present."""

    chronology = UrlSectionSerializer(required=False)
    people = UrlSectionSerializer(required=False, help_text="The child's record.")
    notes = NotesSectionSerializer(required=False)
    screening = ScreeningSectionSerializer(required=False)
    tasks = TasksSectionSerializer(required=False)


class CaseShareSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    agency = AgencyRefSerializer()
    team = TeamRefSerializer(allow_null=True)
    sections = serializers.ListField(child=SectionField())
    reason = serializers.CharField()
    lawful_basis = serializers.ChoiceField(choices=LawfulBasis.choices)
    granted_by = UserRefSerializer()
    granted_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)


class CaseDetailSerializer(CaseSummarySerializer):
    """A case as one caller may see it: a ``CaseDetail`` (``haven.workflows.pages``)."""

    access = CaseAccessSerializer()
    sections = CaseSectionsSerializer()
    shares = CaseShareSerializer(
        many=True, allow_null=True, help_text="Who else sees the case: the lead authority only."
    )
    flags = serializers.ListField(
        child=serializers.CharField(),
        help_text='Flags on the case: "repeat_missing" when the child went missing as often as '
        "the home authority's threshold (3 episodes in 90 days by default); only for those who "
        "see the missing section.",
    )

    def to_representation(self, instance) -> dict[str, Any]:
        case = instance.view.case
        data = super().to_representation(
            _CaseDetailSource(case=case, detail=instance, context=self.context)
        )
        return data


class _CaseDetailSource:
    """Presents a case and its visible sections as the attributes CaseDetailSerializer reads."""

    def __init__(self, *, case, detail, context):
        self._case = case
        self._detail = detail
        access = detail.view.access
        self.access = {"via": access.via, "sections": sorted(access.sections)}
        sections: dict[str, Any] = {}
        if access.can_see(CaseSection.CHRONOLOGY):
            sections[CaseSection.CHRONOLOGY.value] = {"url": _link("api-case-chronology", case.pk)}
        if access.can_see(CaseSection.PEOPLE):
            sections[CaseSection.PEOPLE.value] = {"url": _link("api-person-detail", case.person_id)}
        if detail.notes is not None:
            sections[CaseSection.NOTES.value] = {
                "recent": detail.notes,
                "add_url": _link("api-case-notes", case.pk),
            }
        if detail.screening is not None:
            sections[CaseSection.SCREENING.value] = {
                "current": detail.screening.current,
                "outcome": detail.screening.outcome,
                "override": detail.screening.override,
            }
        if detail.tasks is not None:
            sections[CaseSection.TASKS.value] = {"items": detail.tasks}
        self.sections = sections
        self.shares = detail.shares
        self.flags = detail.flags

    def __getattr__(self, name):
        return getattr(self._case, name)


class CaseUpdateSerializer(StrictInputSerializer):
    status = CaseCloseStatusField(
        error_messages={"invalid_choice": 'Only closing a case is supported: send "closed".'},
    )
    closed_reason = _free_text("The reason", help_text="Why the case is closing (10+ characters).")
    version = version_field(help_text="The case version you read.")


class CaseAllocateSerializer(StrictInputSerializer):
    practitioner = id_field(
        "The practitioner id",
        help_text="The user who will lead the case: an active practitioner or manager of the "
        "case's lead team.",
    )
    version = version_field(
        help_text="The case version you read. If the case changed since, the answer is 409 and "
        "nothing is saved."
    )


class ChronologyEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    occurred_at = serializers.DateTimeField()
    kind = ChronologyKindField()
    section = serializers.ChoiceField(choices=CaseSection.choices)
    sensitivity = serializers.ChoiceField(choices=Sensitivity.choices)
    agency = AgencyRefSerializer(allow_null=True)
    summary = serializers.CharField()
    recorded_at = serializers.DateTimeField()


class CaseShareInputSerializer(StrictInputSerializer):
    agency_id = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        error_messages={"does_not_exist": "No active agency has this id."},
    )
    agency = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        help_text="The agency's slug; give this or agency_id.",
        error_messages={"does_not_exist": 'No active agency has the slug "{value}".'},
    )
    team_id = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Share with one team of the agency only.",
        error_messages={"does_not_exist": "No team has this id."},
    )
    sections = BoundedListField(
        child=SectionField(
            max_length=CODE_MAX, error_messages={"max_length": too_long("A section", CODE_MAX)}
        ),
        max_length=SECTIONS_MAX,
        message=too_many(SECTIONS_MAX, "sections"),
    )
    reason = _free_text("The reason", help_text="Why this agency needs to see it (10+ characters).")
    lawful_basis = serializers.ChoiceField(choices=LawfulBasis.choices)
    expires_at = serializers.DateTimeField(help_text="When access ends: at most a year ahead.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        by_id, by_slug = attrs.pop("agency_id", None), attrs.pop("agency", None)
        if (by_id is None) == (by_slug is None):
            raise serializers.ValidationError(
                {"agency_id": "Give the agency by agency_id or by its slug (agency), not both."}
            )
        attrs["agency"] = by_id or by_slug
        attrs["team"] = attrs.pop("team_id")
        return attrs


class CaseNoteInputSerializer(StrictInputSerializer):
    text = _free_text("The note")
    sensitivity = serializers.ChoiceField(choices=Sensitivity.choices, default=Sensitivity.STANDARD)
    occurred_at = serializers.DateTimeField(required=False, help_text="Default: now.")


class BreakGlassInputSerializer(StrictInputSerializer):
    reference = serializers.CharField(
        max_length=40,
        error_messages={"max_length": too_long("The reference", 40)},
        help_text="The `break_glass_reference` a people search or possible-matches answer gave "
        "you for this case (yours alone, for 24 hours). Without a valid one the answer is 404, "
        "as for a case that does not exist.",
    )
    reason = _free_text(
        "The reason",
        help_text="The urgent safeguarding reason (20+ characters). The case lead and auditors "
        "are told at once.",
    )


class BreakGlassSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    reason = serializers.CharField()
    status = serializers.ChoiceField(
        choices=BreakGlassStatus.choices,
        help_text="`awaiting_approval` beyond the daily limit: a manager of your agency decides.",
    )
    requested_at = serializers.DateTimeField()
    granted_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField(allow_null=True)
    links = serializers.SerializerMethodField()

    @extend_schema_field(CaseLinksSerializer)
    def get_links(self, access) -> dict[str, str]:
        return {
            "self": _link("api-case-detail", access.case_id),
            "chronology": _link("api-case-chronology", access.case_id),
        }
