"""The intelligence pages' forms. They parse what was typed; the services normalise the
details, grade and check the link, and say why not (``GovukForm.add_service_errors``)."""

from datetime import datetime

from django import forms
from django.utils import timezone

from haven.accounts.models import Agency, Team
from haven.core.forms import GovukDateField, GovukForm, GovukTimeField
from haven.core.limits import FREE_TEXT_MAX, SEARCH_MAX, too_long
from haven.intelligence import groups
from haven.intelligence.models import (
    EntityType,
    GroupAttendance,
    HandlingCode,
    IntelligenceAssessment,
    LinkSource,
    LinkType,
    SourceEvaluation,
)
from haven.intelligence.network import NetworkFilters
from haven.intelligence.selectors import cases_with_intelligence_for
from haven.people.forms import Checkboxes, Choice, InlineRadios, Radios

# --- Entities and links (intel-api) ---------------------------------------------------------

KIND_HINTS = {
    EntityType.ADDRESS: "A flat, house, hotel or other place",
    EntityType.VEHICLE: "By its registration mark",
    EntityType.PHONE: "A mobile or landline number",
    EntityType.PERSON_OF_CONCERN: "An adult thought to exploit children",
    EntityType.ONLINE_ACCOUNT: "A social media, messaging or gaming account",
    EntityType.BUSINESS: "For example a nail bar, car wash or takeaway",
    EntityType.GROUP: "A gang, county line or other group",
}

# 3x5x2 (College of Policing): each code with what it means, as the radios' hints say.
SOURCE_EVALUATION_CHOICES = [
    (SourceEvaluation.RELIABLE, Choice("1: reliable", "The source has proved reliable")),
    (SourceEvaluation.UNTESTED, Choice("2: untested", "The source has not been tested")),
    (
        SourceEvaluation.NOT_RELIABLE,
        Choice("3: not reliable", "There are doubts about the source"),
    ),
]
ASSESSMENT_CHOICES = [
    (
        IntelligenceAssessment.KNOWN_DIRECTLY,
        Choice("A: known directly to the source", "They saw or heard it themselves"),
    ),
    (
        IntelligenceAssessment.INDIRECT_CORROBORATED,
        Choice("B: known indirectly but corroborated", "Heard from others and confirmed"),
    ),
    (IntelligenceAssessment.KNOWN_INDIRECTLY, Choice("C: known indirectly", "Heard from others")),
    (IntelligenceAssessment.NOT_KNOWN, Choice("D: not known", "How they know is not known")),
    (
        IntelligenceAssessment.SUSPECTED_FALSE,
        Choice("E: suspected to be false", "Recorded so that it can be checked"),
    ),
]
HANDLING_CHOICES = [
    (
        HandlingCode.PERMITTED,
        Choice("P: lawful sharing permitted", "Partners who may see the case may see it"),
    ),
    (
        HandlingCode.CONDITIONS,
        Choice(
            "C: sharing permitted only with conditions",
            "Only your agency and the agencies you name will know it exists",
        ),
    ),
]


def kind_choices() -> list[tuple[str, Choice]]:
    return [(value, Choice(label, KIND_HINTS[value])) for value, label in EntityType.choices]


class EntityKindForm(GovukForm):
    entity_type = forms.ChoiceField(
        label="What is linked?",
        choices=kind_choices,
        widget=Radios,
        error_messages={"required": "Select what is linked"},
    )


def _short(label: str, noun: str, limit: int, *, help_text: str = "", required: bool = False):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=limit,
        error_messages={"max_length": too_long(noun, limit)},
    )


def _entity_fields(entity_type: str) -> dict[str, forms.Field]:
    """The details that identify an entity of this kind (normalised by the service)."""
    if entity_type == EntityType.ADDRESS:
        return {
            "line": _short(
                "Address", "The address", 300, help_text="For example, Flat 2, 14 Bridge Street"
            ),
            "postcode": _short(
                "Postcode", "The postcode", 20, help_text="Leave it blank if you do not know it"
            ),
        }
    if entity_type == EntityType.VEHICLE:
        return {
            "registration": _short(
                "Registration mark",
                "The registration mark",
                20,
                help_text="For example, AB12 CDE",
            )
        }
    if entity_type == EntityType.PHONE:
        return {
            "number": _short(
                "Phone number", "The phone number", 30, help_text="For example, 07700 900123"
            )
        }
    label = {
        EntityType.ONLINE_ACCOUNT: "Account name or handle",
        EntityType.BUSINESS: "Name of the business",
        EntityType.GROUP: "Name of the group",
    }.get(entity_type, "Name")
    fields = {"name": _short(label, "The name", 200)}
    if entity_type == EntityType.ONLINE_ACCOUNT:
        fields["platform"] = _short(
            "Platform", "The platform", 100, help_text="For example, Snapchat"
        )
    if entity_type == EntityType.BUSINESS:
        fields["platform"] = _short(
            "Kind of business", "The kind of business", 100, help_text="For example, car wash"
        )
        fields["postcode"] = _short("Postcode (optional)", "The postcode", 20)
    return fields


class EntityForm(GovukForm):
    """An entity's details, for the kind chosen on the page before."""

    description = forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=FREE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": too_long("The description", FREE_TEXT_MAX)},
    )

    def __init__(self, *args, entity_type: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.entity_type = entity_type
        details = _entity_fields(entity_type)
        self.detail_names = list(details)
        self.fields = {**details, **self.fields}

    def values(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in self.detail_names}


class GradingForm(GovukForm):
    """The 3x5x2 grading and handling of what is recorded (a link, or information shared at an
    operational group meeting). The handling conditions and the agencies named are revealed
    under the ``C`` option (``intelligence/includes/handling_field.html``)."""

    source_evaluation = forms.ChoiceField(
        label="How reliable is the source?",
        choices=SOURCE_EVALUATION_CHOICES,
        widget=Radios,
        error_messages={"required": "Select how reliable the source is"},
    )
    intelligence_assessment = forms.ChoiceField(
        label="How does the source know it?",
        choices=ASSESSMENT_CHOICES,
        widget=Radios,
        error_messages={"required": "Select how the source knows it"},
    )
    handling_code = forms.ChoiceField(
        label="Who may it be shared with?",
        choices=HANDLING_CHOICES,
        widget=Radios,
        error_messages={"required": "Select who it may be shared with"},
    )
    handling_conditions = forms.CharField(
        label="Conditions it may be shared under",
        required=False,
        max_length=FREE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": too_long("The conditions", FREE_TEXT_MAX)},
    )
    shared_with = forms.ModelMultipleChoiceField(
        label="Agencies the conditions name (optional)",
        help_text="They will know it exists; no other agency will",
        queryset=Agency.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    service_field_names = {"shared_with_agency_ids": "shared_with"}
    # Shown inside the reveal under "C", not in the page's own order.
    revealed = ("handling_conditions", "shared_with")

    def __init__(self, *args, own_agency_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shared_with"].queryset = Agency.objects.exclude(pk=own_agency_id).order_by(
            "name"
        )

    def grading_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "source_evaluation",
                "intelligence_assessment",
                "handling_code",
                "handling_conditions",
            )
        } | {"shared_with_agency_ids": [agency.pk for agency in data["shared_with"]]}


class LinkForm(EntityForm, GradingForm):
    """A graded link to an entity described on the same page."""

    link_type = forms.ChoiceField(
        label="How are they linked?",
        choices=[("", "Choose how"), *LinkType.choices],
        error_messages={"required": "Select how they are linked"},
    )
    occurred_on = GovukDateField(
        label="When did it happen?", noun="date it happened", help_text="For example, 27 3 2026"
    )
    source = forms.ChoiceField(
        label="Where did this come from?",
        choices=LinkSource.choices,
        widget=Radios,
        error_messages={"required": "Select where this came from"},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=FREE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": too_long("The note", FREE_TEXT_MAX)},
    )

    field_order = ("link_type", "occurred_on", "source", *GradingForm.base_fields, "note")

    def __init__(self, *args, own_agency_id: int, **kwargs):
        super().__init__(*args, own_agency_id=own_agency_id, **kwargs)
        # The entity's description is for recording an entity on its own.
        self.fields.pop("description")

    def link_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name] for name in ("link_type", "occurred_on", "source", "note")
        } | self.grading_arguments()


class EntitySearchForm(GovukForm):
    q = forms.CharField(
        label="Search for an address, vehicle, phone number or name",
        help_text="For example, WA1 1AA or AB12 CDE",
        required=False,
        max_length=SEARCH_MAX,
        error_messages={"max_length": too_long("The search", SEARCH_MAX)},
    )
    entity_type = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Any kind"), *EntityType.choices],
    )


class MergeForm(GovukForm):
    duplicate = forms.TypedChoiceField(
        label="Which record is a duplicate of this one?",
        coerce=int,
        widget=Radios,
        error_messages={"required": "Select the duplicate"},
    )
    reason = forms.CharField(
        label="Why are they the same?",
        max_length=FREE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why these are the same",
            "max_length": too_long("The reason", FREE_TEXT_MAX),
        },
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duplicate"].choices = [
            (entity.pk, Choice(entity.label, f"Recorded {entity.created_at:%-d %B %Y}"))
            for entity in candidates
        ]


# --- Operational group meetings (decision 0030) -------------------------------------------

FOR_EXAMPLE = "For example, 27 3 2026"


def _person(user) -> str:
    return f"{user.full_name or user.email}, {user.agency.name}"


def _apologies() -> forms.CharField:
    return forms.CharField(
        label="Apologies",
        required=False,
        max_length=FREE_TEXT_MAX,
        help_text="If they sent apologies, what they said.",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": too_long("Apologies", FREE_TEXT_MAX)},
    )


def _attendance() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Attendance",
        choices=GroupAttendance.choices,
        initial=GroupAttendance.EXPECTED,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether they attended"},
    )


class GroupScheduleForm(GovukForm):
    service_field_names = {"scheduled_for": "date"}

    area = forms.ChoiceField(
        label="Which group",
        choices=groups.GROUP_AREAS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose Pan Cheshire or the area the group meets for"},
    )
    date = GovukDateField(label="Date", noun="date of the meeting", help_text=FOR_EXAMPLE)
    time = GovukTimeField(
        label="Time", initial="10:00", error_messages={"required": "Enter the time"}
    )
    location = forms.CharField(
        label="Place",
        max_length=300,
        required=False,
        error_messages={"max_length": too_long("Place", 300)},
    )
    chair = forms.ModelChoiceField(
        label="Chair",
        queryset=groups.chair_candidates(),
        help_text="An analyst, or a manager in the police or a local authority.",
        error_messages={"required": "Choose the chair"},
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, initial={"chair": actor.pk}, **kwargs)
        self.fields["chair"].label_from_instance = _person

    def scheduled_for(self) -> datetime:
        data = self.cleaned_data
        return timezone.make_aware(datetime.combine(data["date"], data["time"]))


class GroupAttendeeForm(GovukForm):
    user = forms.ModelChoiceField(
        label="Person",
        queryset=None,
        error_messages={"required": "Choose the person to name"},
    )
    attendance = _attendance()
    apologies_note = _apologies()

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = groups.attendee_candidates(meeting=meeting)
        self.fields["user"].label_from_instance = _person


class GroupAttendanceForm(GovukForm):
    attendance = _attendance()
    apologies_note = _apologies()


class GroupSubjectSearchForm(GovukForm):
    q = forms.CharField(
        label="Search for a person of concern, an address, a business or a group",
        help_text="A name, part of an address or a postcode.",
        max_length=200,
        required=False,
    )


class GroupSubjectCaseForm(GovukForm):
    service_field_names = {"subject": "case"}

    case = forms.ModelChoiceField(
        label="Child",
        queryset=None,
        help_text="The children whose intelligence you can see.",
        error_messages={"required": "Choose the child"},
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = (
            cases_with_intelligence_for(actor)
            .select_related("person")
            .order_by("person__family_name", "person__given_name", "pk")
        )
        self.fields["case"].label_from_instance = lambda c: f"{c.person.full_name} ({c.reference})"


class GroupInformationForm(GradingForm):
    text = forms.CharField(
        label="What your agency shared",
        max_length=FREE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Enter what was shared",
            "max_length": too_long("What was shared", FREE_TEXT_MAX),
        },
    )

    field_order = ("text",)


class DisruptionActionForm(GovukForm):
    title = forms.CharField(
        label="What must be done",
        max_length=200,
        error_messages={
            "required": "Enter what must be done",
            "max_length": too_long("What must be done", 200),
        },
    )
    owner_team = forms.ModelChoiceField(
        label="Team that owns it",
        queryset=Team.objects.select_related("agency").order_by("agency__name", "name"),
        help_text="An action about a child becomes a task of this team on the child's case.",
        error_messages={"required": "Choose the team that owns the action"},
    )
    due_on = GovukDateField(label="Due date", noun="date the action is due", help_text=FOR_EXAMPLE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_team"].label_from_instance = lambda t: f"{t.name} ({t.agency.name})"


# --- Network view and exports (decision 0029) ----------------------------------------------


class NetworkFilterForm(GovukForm):
    """The network page's filters, read from the address (GET), so the page works without
    JavaScript and a filtered view can be bookmarked."""

    service_field_names = {"link_types": "link_type", "min_grading": "source_evaluation"}

    root = forms.CharField(widget=forms.HiddenInput, max_length=30)
    hops = forms.TypedChoiceField(
        label="How far from the start",
        choices=[("1", "1 step"), ("2", "2 steps")],
        coerce=int,
        initial="1",
        required=False,
        widget=InlineRadios,
    )
    link_type = forms.MultipleChoiceField(
        label="How they are linked",
        help_text="Leave all unticked to see every kind of link",
        choices=LinkType.choices,
        required=False,
        widget=Checkboxes,
    )
    since = GovukDateField(label="Linked on or after", noun="start date", required=False)
    until = GovukDateField(label="Linked on or before", noun="end date", required=False)
    source_evaluation = forms.ChoiceField(
        label="Source at least",
        choices=[("", "Any"), *SourceEvaluation.choices[:2]],
        required=False,
    )
    intelligence_assessment = forms.ChoiceField(
        label="Intelligence at least",
        choices=[("", "Any"), *IntelligenceAssessment.choices[:4]],
        required=False,
    )

    def filters(self) -> NetworkFilters:
        data = self.cleaned_data
        evaluation, assessment = data["source_evaluation"], data["intelligence_assessment"]
        # One of the two chosen: the other allows anything.
        min_grading = f"{evaluation or '3'}{assessment or 'E'}" if evaluation or assessment else ""
        return NetworkFilters(
            link_types=frozenset(data["link_type"]),
            since=data["since"],
            until=data["until"],
            min_grading=min_grading,
        )
