from django import forms

from haven.accounts.models import Agency, User
from haven.accounts.roles import Role
from haven.core.areas import Area
from haven.core.forms import GovukDateField, GovukForm
from haven.core.limits import too_long
from haven.people.forms import InlineRadios
from haven.strategy.models import (
    HIGHEST_SCORE,
    LOWEST_SCORE,
    PLAN_AREAS,
    NationalReferralFigures,
    Priority,
    Rag,
)

FOR_EXAMPLE = "For example, 27 3 2026"

# Labels, and the hint for each count, in the order the form asks.
_COUNTS = {
    "child_referrals": ("Child referrals", "Every child referred to the NRM that year."),
    "all_referrals": ("All referrals, children and adults", ""),
    "sexual": ("Sexual exploitation", ""),
    "sexual_uk": ("Sexual exploitation of UK nationals", ""),
    "sexual_non_uk": ("Sexual exploitation of other nationals", ""),
    "labour": ("Labour exploitation", ""),
    "criminal": ("Criminal exploitation", ""),
    "domestic_servitude": ("Domestic servitude", ""),
    "organ_harvesting": ("Organ harvesting", ""),
    "not_defined": ("Exploitation not defined", ""),
}


def _count(name: str) -> forms.IntegerField:
    label, hint = _COUNTS[name]
    required = name == "child_referrals"
    return forms.IntegerField(
        label=label,
        required=required,
        help_text=hint or "Leave blank if not published for that year.",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
        error_messages={
            "required": f"Enter the number of {label.lower()}",
            "invalid": f"{label} must be a whole number, like 982",
        },
    )


class NationalFiguresForm(GovukForm):
    year = forms.IntegerField(
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the year the figures are for",
            "invalid": "Year must be a whole number, like 2024",
        },
    )
    child_referrals = _count("child_referrals")
    all_referrals = _count("all_referrals")
    sexual = _count("sexual")
    sexual_uk = _count("sexual_uk")
    sexual_non_uk = _count("sexual_non_uk")
    labour = _count("labour")
    criminal = _count("criminal")
    domestic_servitude = _count("domestic_servitude")
    organ_harvesting = _count("organ_harvesting")
    not_defined = _count("not_defined")
    source = forms.CharField(
        max_length=NationalReferralFigures._meta.get_field("source").max_length,
        help_text="Where the figures come from, for example 'Home Office NRM statistics, "
        "end of year summary 2024'.",
        error_messages={
            "required": "Enter where the figures come from",
            "max_length": "Where the figures come from must be 300 characters or fewer",
        },
    )


def _text(label: str, max_length: int, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        error_messages={"max_length": too_long(label, max_length)},
        **kwargs,
    )


# --------------------------------------------------------------------------------- training


class CourseForm(GovukForm):
    title = _text("Course title", 200)
    description = _text(
        "What the course covers (optional)", 2000, required=False, widget=forms.Textarea
    )
    statements = forms.CharField(
        label="Self-assessment statements",
        help_text="One on each line, as the attendees will read them before and after the "
        "course, for example 'I can recognise the indicators of child trafficking'. Each is "
        "scored from 1 (strongly disagree) to 5 (strongly agree). They cannot be changed later.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the self-assessment statements, one on each line"},
    )

    def clean_statements(self) -> list[str]:
        return self.cleaned_data["statements"].splitlines()


class SessionForm(GovukForm):
    held_on = GovukDateField(label="Date", noun="date of the session", help_text=FOR_EXAMPLE)
    area = forms.ChoiceField(
        label="Area",
        choices=[("", "Select an area"), *Area.choices],
        error_messages={"required": "Select the area the session was held in"},
    )
    venue = _text("Venue", 200)
    trainer = _text("Trainer", 200, help_text="Who delivered it, and for which organisation.")


class AttendeeForm(GovukForm):
    full_name = _text("Full name", 200)
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        empty_label="Select an agency",
        required=False,
    )
    job_role = _text("Job role", 200, help_text="For example, social worker or school nurse.")


class TrainingResultsFilter(GovukForm):
    area = forms.ChoiceField(label="Area", choices=PLAN_AREAS, required=False)
    date_from = GovukDateField(
        label="Sessions held from", noun="start date", required=False, help_text=FOR_EXAMPLE
    )
    date_to = GovukDateField(
        label="Sessions held to", noun="end date", required=False, help_text=FOR_EXAMPLE
    )


SCORES = [(str(score), str(score)) for score in range(LOWEST_SCORE, HIGHEST_SCORE + 1)]


class QuestionnaireForm(GovukForm):
    """One question per statement of the course: a score from 1 to 5. The service says which
    is missing."""

    def __init__(self, *args, statements, **kwargs):
        super().__init__(*args, **kwargs)
        for statement in statements:
            self.fields[f"statement_{statement.pk}"] = forms.TypedChoiceField(
                label=statement.text,
                choices=SCORES,
                coerce=int,
                required=False,
                widget=InlineRadios,
                help_text="1 is strongly disagree, 5 is strongly agree.",
            )

    def scores(self) -> dict[int, int]:
        return {
            int(name.removeprefix("statement_")): value
            for name, value in self.cleaned_data.items()
            if value not in (None, "")
        }


# --------------------------------------------------------------------------------- action plans


class ActionPlanForm(GovukForm):
    area = forms.ChoiceField(
        label="Whose plan",
        choices=[("", "Select whose plan it is"), *PLAN_AREAS],
        error_messages={"required": "Select whose plan it is"},
    )
    title = _text("Title", 200, help_text="For example, 'Halton child trafficking action plan'.")


def _user_choice(user) -> str:
    return f"{user.full_name}, {user.agency.name}" if user.agency_id else user.full_name


class PlanActionForm(GovukForm):
    priority = forms.ChoiceField(
        label="Priority", choices=Priority.choices, widget=forms.RadioSelect
    )
    description = _text("Action", 500, widget=forms.Textarea(attrs={"rows": 3}))
    owner_user = forms.ModelChoiceField(
        label="Owned by a named person",
        queryset=User.objects.filter(is_active=True).select_related("agency").order_by("full_name"),
        empty_label="No named person",
        required=False,
        help_text="Or leave this and choose a role in an agency below.",
    )
    owner_agency = forms.ModelChoiceField(
        label="Or owned by a role in an agency: the agency",
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        empty_label="No agency",
        required=False,
    )
    owner_role = forms.ChoiceField(
        label="The role", choices=[("", "No role"), *Role.choices], required=False
    )
    due_on = GovukDateField(label="Due date", noun="due date", help_text=FOR_EXAMPLE)
    rag = forms.ChoiceField(
        label="Status",
        choices=[choice for choice in Rag.choices if choice[0] != Rag.COMPLETE],
        widget=InlineRadios,
        initial=Rag.AMBER,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].label_from_instance = _user_choice


class ProgressForm(GovukForm):
    written_on = GovukDateField(
        label="Date of the update", noun="date of the update", help_text=FOR_EXAMPLE
    )
    rag = forms.ChoiceField(
        label="Status now",
        choices=Rag.choices,
        widget=InlineRadios,
        error_messages={"required": "Select the status of the action now"},
    )
    note = _text("Progress", 2000, widget=forms.Textarea(attrs={"rows": 4}))


class BoardCommentaryForm(GovukForm):
    """The commentary for a Board's quarterly report; the service checks what may be saved."""

    text = forms.CharField(
        label="Commentary",
        help_text="What the Board should know about this quarter's figures: what they show, "
        "why, and what the partnership is doing about it. Printed as you write it.",
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": "Enter the commentary"},
    )
    # The version the change began from; empty for a commentary not yet written.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AnonymisedDatasetForm(GovukForm):
    """The group size asked for; the anonymiser says whether it may be used."""

    k = forms.IntegerField(
        label="Smallest group size (k)",
        help_text="Every combination of the columns is shared by at least this many children. "
        "11 or more.",
        max_value=10_000,
        error_messages={
            "invalid": "Smallest group size must be a whole number, like 11",
            "max_value": "Smallest group size must be 10,000 or less",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
    )
