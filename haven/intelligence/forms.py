# ---------------------------------------------------------- operational group meetings (0030)
# Forms parse what was typed; every rule is the service's (haven.intelligence.groups).

from datetime import datetime

from django import forms
from django.utils import timezone

from haven.accounts.models import Agency, Team
from haven.core.forms import GovukDateField, GovukForm, GovukTimeField
from haven.core.limits import FREE_TEXT_MAX, too_long
from haven.intelligence import groups
from haven.intelligence.models import (
    GroupAttendance,
    HandlingCode,
    IntelligenceAssessment,
    SourceEvaluation,
)
from haven.intelligence.selectors import cases_with_intelligence_for

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


class GroupInformationForm(GovukForm):
    service_field_names = {"shared_with_agency_ids": "shared_with_agencies"}

    text = forms.CharField(
        label="What your agency shared",
        max_length=FREE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Enter what was shared",
            "max_length": too_long("What was shared", FREE_TEXT_MAX),
        },
    )
    source_evaluation = forms.ChoiceField(
        label="How reliable is the source?",
        choices=SourceEvaluation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how reliable the source is (1, 2 or 3)"},
    )
    intelligence_assessment = forms.ChoiceField(
        label="How does the source know it?",
        choices=IntelligenceAssessment.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the source knows it (A to E)"},
    )
    handling_code = forms.ChoiceField(
        label="Who may it be shared with?",
        choices=HandlingCode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who it may be shared with (P or C)"},
    )
    handling_conditions = forms.CharField(
        label="Conditions for sharing",
        required=False,
        max_length=FREE_TEXT_MAX,
        help_text="Required for C. Only your agency and the agencies you name below will see it.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": too_long("The conditions", FREE_TEXT_MAX)},
    )
    shared_with_agencies = forms.ModelMultipleChoiceField(
        label="Agencies the conditions name",
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


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
