"""The case audit pages' forms: they parse what was typed; the services decide what may be
saved (sample sizes, seeds, grades, comments, due dates)."""

from django import forms

from haven.accounts.models import Team
from haven.case_audits.models import Answer, Grade, Question, SampleMethod
from haven.case_audits.selectors import audit_areas
from haven.cases.models import CaseStatus
from haven.core.forms import GovukDateField, GovukForm
from haven.core.limits import too_long
from haven.people.forms import InlineRadios, Radios
from haven.screening.vocabulary import load_vocabulary
from haven.workflows.case_audits import NO, YES

FOR_EXAMPLE = "For example, 27 3 2026"
ANY = ("", "Any")


def _text(label: str, max_length: int, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        error_messages={"max_length": too_long(label, max_length)},
        **kwargs,
    )


def _comment(label: str) -> forms.CharField:
    return _text(label, 2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AuditStartForm(GovukForm):
    title = _text("Title", 200, help_text="For example, 'Quarter 3 audit of NRM practice'.")
    lead_area = forms.ChoiceField(label="Lead authority", required=False)
    opened_from = GovukDateField(
        label="Cases opened on or after", noun="first date", required=False, help_text=FOR_EXAMPLE
    )
    opened_to = GovukDateField(
        label="Cases opened on or before", noun="last date", required=False, help_text=FOR_EXAMPLE
    )
    status = forms.ChoiceField(
        label="Case status",
        choices=[ANY, *CaseStatus.choices],
        widget=InlineRadios,
        required=False,
        initial="",
    )
    screening_outcome = forms.ChoiceField(label="Screening outcome", required=False)
    exploitation_type = forms.ChoiceField(label="Exploitation type", required=False)
    nrm_referral = forms.ChoiceField(
        label="NRM referral made",
        choices=[ANY, (YES, "Yes"), (NO, "No")],
        widget=InlineRadios,
        required=False,
        initial="",
    )
    method = forms.ChoiceField(
        label="How to choose the cases",
        choices=SampleMethod.choices,
        widget=Radios,
        initial=SampleMethod.RANDOM,
        error_messages={"required": "Select how to choose the cases"},
    )
    sample_size = forms.IntegerField(
        label="Sample size",
        error_messages={
            "required": "Enter the sample size",
            "invalid": "Sample size must be a whole number",
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    seed = forms.IntegerField(
        label="Seed (random sample only)",
        required=False,
        help_text="Leave this empty and Haven chooses one. To draw the same sample again, "
        "give the same seed and the same criteria.",
        error_messages={"invalid": "Seed must be a whole number"},
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-10"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        areas = audit_areas(user)
        self.fields["lead_area"].choices = (
            [("", "All authorities"), *areas] if len(areas) > 1 else areas
        )
        vocabulary = load_vocabulary()
        self.fields["screening_outcome"].choices = [ANY, *vocabulary.outcomes.items()]
        self.fields["exploitation_type"].choices = [
            ANY,
            *vocabulary.exploitation_types.items(),
        ]


def _grade_fields() -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for question in Question:
        # Required-ness is the service's rule: its message names the question.
        fields[question.value] = forms.ChoiceField(
            label=question.label, choices=Answer.choices, widget=InlineRadios, required=False
        )
        fields[f"{question.value}_comment"] = _comment(f"Comment on {question.label.lower()}")
    return fields


class GradeForm(GovukForm):
    grade = forms.ChoiceField(
        label="Overall grade", choices=Grade.choices, widget=Radios, required=False
    )
    findings = _text(
        "Findings",
        5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the audit found: what worked well and what needs to change.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        grade, findings = self.fields.pop("grade"), self.fields.pop("findings")
        self.fields.update(_grade_fields())
        self.fields["grade"], self.fields["findings"] = grade, findings

    def answers(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            question.value: (data[question.value], data[f"{question.value}_comment"])
            for question in Question
        }


def _team_choice(team: Team) -> str:
    return f"{team.name}, {team.agency.name}"


class AuditActionForm(GovukForm):
    description = _text("Action", 200, widget=forms.Textarea(attrs={"rows": 2}))
    team = forms.ModelChoiceField(
        label="Team that owns the action",
        queryset=Team.objects.filter(agency__is_active=True)
        .select_related("agency")
        .order_by("agency__name", "name"),
        empty_label="Select a team",
        error_messages={"required": "Select the team that owns the action"},
    )
    due_on = GovukDateField(label="Due date", noun="due date", help_text=FOR_EXAMPLE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].label_from_instance = _team_choice


class AuditCompleteForm(GovukForm):
    summary = _text(
        "Summary of the audit (optional)",
        5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
