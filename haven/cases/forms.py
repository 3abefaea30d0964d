"""Forms for concerns, the front door, cases, sharing and break-glass access. They check the
shape of what was typed; the services decide what is allowed."""

import uuid
from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from haven.accounts.models import Agency, Role, Team, User
from haven.cases.models import (
    BreakGlassOutcome,
    CaseSection,
    CaseStatus,
    ChronologyKind,
    ConcernStatus,
    LawfulBasis,
    Sensitivity,
)
from haven.cases.services import break_glass_reason_problem, lead_team_workers, transfer_teams
from haven.core.areas import Area
from haven.core.forms import (
    GovukDateField,
    GovukForm,
    GovukTimeField,
    phones_mentioned_field,
    places_mentioned_field,
)
from haven.core.limits import FREE_TEXT_MAX, NAME_MAX, max_items, too_long, too_many
from haven.people.forms import (
    Checkboxes,
    Choice,
    PersonDetailsForm,
    Radios,
    yes_no,
)
from haven.people.models import PersonKind
from haven.screening.vocabulary import load_vocabulary

# How a code kind is introduced when recorded directly (DOMAIN §2 and §3).
ELEMENT_FIELDS = (
    ("act", "act_codes", "Act: how the person was moved or held"),
    ("means", "means_codes", "Means: how they were controlled (matters for adults only)"),
    ("purpose", "purpose_codes", "Purpose: the exploitation"),
    ("risk", "risk_codes", "Risk groups"),
)
CODE_FIELDS = ("indicator_codes", *(name for _, name, _ in ELEMENT_FIELDS))


# What each act looks like in practice: the main form asks "how did they come to be there?"
# in these words, so the act is recorded without knowing the law (DOMAIN §2).
ACT_HINTS = {
    "act.recruitment": "Approached, groomed or offered work or a relationship, online, by a peer "
    "or by an adult",
    "act.transportation": "Taken or driven somewhere by someone else: within a town, across the "
    "UK or into the UK",
    "act.transfer": "Handed over or passed from one person or address to another",
    "act.harbouring": "Kept, housed or hidden at an address, a flat, a farm or a workplace",
    "act.receipt": "Met, collected or taken in by someone on arrival",
}


def _code_choices(kind: str) -> list[tuple[str, Choice]]:
    vocabulary = load_vocabulary()
    choices = []
    for code in vocabulary.codes_of_kind(kind):
        entry = vocabulary.codes[code]
        hint = f"{entry.seen[0].upper()}{entry.seen[1:]}" if entry.seen else ACT_HINTS.get(code, "")
        choices.append((code, Choice(entry.label, hint)))
    return choices


def _code_field(kind: str, label: str, help_text: str = "") -> forms.MultipleChoiceField:
    choices = _code_choices(kind)
    return forms.MultipleChoiceField(
        label=label,
        help_text=help_text,
        choices=choices,
        required=False,
        widget=Checkboxes(attrs={"data-screening-code": ""}),
        # Each option at most once.
        validators=[max_items(len(choices))],
        error_messages={"max_length": too_many(len(choices), "options")},
    )


def _free_text(label: str, noun: str, *, rows: int, **kwargs) -> forms.CharField:
    """A textarea of free text: at most 15,000 characters, like the Home Office NRM form."""
    error_messages = {
        "max_length": too_long(noun, FREE_TEXT_MAX),
        **kwargs.pop("error_messages", {}),
    }
    return forms.CharField(
        label=label,
        max_length=FREE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=error_messages,
        **kwargs,
    )


class ConcernForm(GovukForm):
    # The service takes the date and time as one instant.
    service_field_names = {"occurred_at": "occurred_on"}

    description = _free_text(
        "What did you see or were you told?",
        "What you saw or were told",
        rows=6,
        help_text="In your own words: who was there, what happened, what the person said.",
        error_messages={"required": "Enter what you saw or were told"},
    )
    occurred_on = GovukDateField(
        label="When did it happen?", noun="date it happened", help_text="For example, 27 3 2026"
    )
    occurred_time = GovukTimeField(
        label="Time",
        help_text="Use the 24-hour clock, for example 14:30. Give your best estimate.",
        error_messages={"required": "Enter the time it happened"},
    )
    location = forms.CharField(
        label="Where did it happen?",
        max_length=300,
        required=False,
        help_text="For example, an address, a street, a station or a town",
        error_messages={"max_length": too_long("Where it happened", 300)},
    )
    places_mentioned = places_mentioned_field()
    phones_mentioned = phones_mentioned_field()
    indicator_codes = _code_field("ind", "What did you see? Select all that apply")
    act_codes = _code_field(
        "act",
        "How did the person come to be there?",
        "Ask who recruited, moved, handed over, housed or received them. Select all that apply, "
        "or none if not known yet.",
    )
    means_codes = _code_field("means", ELEMENT_FIELDS[1][2])
    purpose_codes = _code_field("purpose", ELEMENT_FIELDS[2][2])
    risk_codes = _code_field("risk", ELEMENT_FIELDS[3][2])
    immediate_danger = yes_no("Is the person in immediate danger?")
    home_area = forms.ChoiceField(
        label="Which area does the person live in?",
        help_text="A concern about a child goes to this area's children's social care front door.",
        choices=Area.choices,
        widget=Radios,
        error_messages={"required": "Select the area the person lives in"},
    )

    # One-time token: the same page sent twice (back, then submit again) records one concern.
    submission_token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        area = getattr(getattr(actor, "agency", None), "area_code", "")
        if area:
            self.fields["home_area"].initial = area
        self.fields["submission_token"].initial = uuid.uuid4()

    def clean(self):
        cleaned = super().clean()
        day, at = cleaned.get("occurred_on"), cleaned.get("occurred_time")
        if day and at:
            cleaned["occurred_at"] = timezone.make_aware(datetime.combine(day, at))
        return cleaned

    def concern_fields(self) -> dict:
        data = self.cleaned_data
        codes = sorted({code for name in CODE_FIELDS for code in data.get(name, [])})
        return {
            "description": data["description"],
            "occurred_at": data["occurred_at"],
            "location": data["location"],
            "places_mentioned": data["places_mentioned"],
            "phones_mentioned": data["phones_mentioned"],
            "home_area": data["home_area"],
            "indicator_codes": codes,
            "immediate_danger": data["immediate_danger"],
            "submission_token": data.get("submission_token"),
        }

    def element_fields(self):
        """(bound field) for each element kind recorded directly, in DOMAIN order. The act is
        asked on the main form ("how did the person come to be there?"), not here."""
        return [self[name] for _, name, _ in ELEMENT_FIELDS if name != "act_codes"]

    def has_element_codes(self) -> bool:
        return self.is_bound and any(
            self.data.getlist(name) for _, name, _ in ELEMENT_FIELDS if name != "act_codes"
        )


class ConcernAboutNewPersonForm(PersonDetailsForm, ConcernForm):
    """A new person and the concern about them, on one page."""

    # The service names errors about the new person ``person.<field>``.
    service_error_prefix = "person."
    service_field_names = {
        **PersonDetailsForm.service_field_names,
        **ConcernForm.service_field_names,
    }

    kind = forms.ChoiceField(
        label="Is the person a child or an adult?",
        choices=[
            (
                PersonKind.CHILD,
                Choice(
                    "A child, or may be under 18",
                    "If their age is unknown or disputed they are presumed a child until an "
                    "age assessment says otherwise",
                ),
            ),
            (PersonKind.ADULT_OF_CONCERN, Choice("An adult (18 or over)")),
        ],
        widget=Radios,
        error_messages={"required": "Select whether the person is a child or an adult"},
    )
    immigration_status = None

    PERSON_FIELDS = (
        "kind",
        "given_name",
        "family_name",
        "date_of_birth",
        "dob_precision",
        "dob_assigned_by_age_assessment",
        "gender",
        "nationality",
        "other_nationality",
        "first_language",
        "interpreter_needed",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page asks about the person first: the error summary follows the page's order.
        self.order_fields(self.PERSON_FIELDS)

    def person_section(self):
        return [self[name] for name in self.PERSON_FIELDS]


class CaseFilterForm(GovukForm):
    q = forms.CharField(
        label="Child's name",
        max_length=NAME_MAX,
        required=False,
        error_messages={"max_length": too_long("Child's name", NAME_MAX)},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[("", "Open and closed"), *CaseStatus.choices],
        required=False,
        initial=CaseStatus.OPEN,
    )


DECISION_CHOICES = [
    ("new_case", Choice("Accept into a new case", "Your authority opens a case and leads it")),
    ("existing_case", Choice("Add to an open case", "The child already has an open case with you")),
    (ConcernStatus.INFORMATION_ONLY.value, Choice("Information only")),
    (ConcernStatus.REFERRED_ELSEWHERE.value, Choice("Referred elsewhere")),
    (ConcernStatus.NO_FURTHER_ACTION.value, Choice("No further action")),
]


class ConcernDecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="What is your decision?",
        choices=DECISION_CHOICES,
        widget=Radios,
        error_messages={"required": "Select your decision"},
    )
    case = forms.ModelChoiceField(
        label="If you add it to an open case: which case?",
        queryset=None,
        required=False,
        empty_label="Choose a case",
    )
    lead_practitioner = forms.ModelChoiceField(
        label="If you open a new case: lead practitioner (optional)",
        queryset=None,
        required=False,
        empty_label="You",
        help_text="If you leave this, you will lead the case",
    )
    reason = _free_text(
        "Reason for your decision",
        "Reason for your decision",
        rows=4,
        help_text="Needed unless you accept the concern into a case",
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, actor, open_cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = open_cases
        self.fields["case"].label_from_instance = lambda case: (
            f"{case.reference}, opened {timezone.localtime(case.opened_at):%d %B %Y}"
        )
        self.fields["lead_practitioner"].queryset = User.objects.filter(
            agency_id=actor.agency_id,
            is_active=True,
            role__in=[Role.PRACTITIONER, Role.MANAGER],
        ).order_by("full_name")

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        # Which case is part of the choice "add to an open case": without it the service
        # would open a new one.
        if decision == "existing_case" and not cleaned.get("case"):
            self.add_error("case", "Select the open case to add the concern to")
        return cleaned

    def decision_fields(self) -> dict:
        data = self.cleaned_data
        accept = data["decision"] in ("new_case", "existing_case")
        return {
            "decision": "accept" if accept else data["decision"],
            "reason": data["reason"],
            "case_id": data["case"].pk
            if data["decision"] == "existing_case" and data["case"]
            else None,
            "lead_practitioner_id": data["lead_practitioner"].pk
            if data["decision"] == "new_case" and data["lead_practitioner"]
            else None,
            "expected_version": data["version"],
        }


class ChronologyFilterForm(GovukForm):
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.all(), required=False, empty_label="All agencies"
    )
    kind = forms.ChoiceField(
        label="Type of event", choices=[("", "All events"), *ChronologyKind.choices], required=False
    )


class NoteForm(GovukForm):
    text = _free_text("Note", "Note", rows=8, error_messages={"required": "Enter the note"})
    sensitivity = forms.ChoiceField(
        label="Who may read it?",
        choices=[
            (
                Sensitivity.STANDARD,
                Choice("Standard", "Agencies the case's notes or chronology are shared with"),
            ),
            (
                Sensitivity.SENSITIVE,
                Choice("Sensitive", "Only agencies the case notes are shared with"),
            ),
            (Sensitivity.RESTRICTED, Choice("Restricted", "The lead authority only")),
        ],
        widget=Radios,
        initial=Sensitivity.STANDARD,
        error_messages={"required": "Select who may read the note"},
    )

    def __init__(self, *args, lead: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not lead:
            self.fields["sensitivity"].choices = [
                c for c in self.fields["sensitivity"].choices if c[0] != Sensitivity.RESTRICTED
            ]


def end_of_day(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


class ShareForm(GovukForm):
    # The service takes the end of the chosen day.
    service_field_names = {"expires_at": "until"}

    agency = forms.ModelChoiceField(
        label="Agency to share with",
        queryset=Agency.objects.none(),
        empty_label="Choose an agency",
        error_messages={"required": "Select the agency to share with"},
    )
    team = forms.ModelChoiceField(
        label="Team (optional)",
        queryset=Team.objects.none(),
        required=False,
        empty_label="The whole agency",
        help_text="Share with one team of that agency, if only they need it",
    )
    sections = forms.MultipleChoiceField(
        label="What may they see?",
        help_text="Share only what they need: select all that apply",
        choices=CaseSection.choices,
        widget=Checkboxes,
        validators=[max_items(len(CaseSection.choices))],
        error_messages={
            "required": "Select at least one part of the case to share",
            "max_length": too_many(len(CaseSection.choices), "parts of the case"),
        },
    )
    reason = _free_text(
        "Why do they need it?",
        "Why they need it",
        rows=4,
        error_messages={"required": "Enter why this agency needs to see the case"},
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for sharing",
        choices=LawfulBasis.choices,
        widget=Radios,
        initial=LawfulBasis.SAFEGUARDING,
        error_messages={"required": "Select the lawful basis for sharing"},
    )
    until = GovukDateField(
        label="Share until",
        noun="end date",
        help_text="At most a year from today. Share again if they still need it.",
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).exclude(
            pk=case.lead_agency_id
        )
        self.fields["team"].queryset = (
            Team.objects.exclude(agency_id=case.lead_agency_id)
            .filter(agency__is_active=True)
            .select_related("agency")
        )
        self.fields["until"].initial = timezone.localdate() + timedelta(days=30)

    def share_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "agency": data["agency"],
            "team": data["team"],
            "sections": data["sections"],
            "reason": data["reason"],
            "lawful_basis": data["lawful_basis"],
            "expires_at": end_of_day(data["until"]),
        }


class CaseCloseForm(GovukForm):
    service_field_names = {"closed_reason": "reason"}

    reason = _free_text(
        "Why are you closing the case?",
        "Why you are closing the case",
        rows=4,
        error_messages={"required": "Enter why you are closing the case"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class BreakGlassForm(GovukForm):
    reference = forms.CharField(
        label="Break-glass reference",
        help_text="The reference Haven gave you with the 'known to' answer when you searched "
        "for the child, for example HVN-000123-1A2B3-ABCD2EFGH3JK. It is yours alone and lasts "
        "24 hours.",
        max_length=40,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the break-glass reference",
            "max_length": too_long("The break-glass reference", 40),
        },
    )
    reason = forms.CharField(
        label="Your urgent safeguarding reason",
        help_text="Say what is happening and why you cannot wait for the lead authority to "
        "share the case. The case's lead and the auditors are told at once.",
        max_length=FREE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Enter your urgent safeguarding reason",
            "max_length": too_long("Your urgent safeguarding reason", FREE_TEXT_MAX),
        },
    )

    def clean_reason(self) -> str:
        # The service's rule (break_glass_open refuses the same), asked with the rest of the
        # form so that a short reason is refused before the case is looked up.
        reason = self.cleaned_data["reason"]
        problem = break_glass_reason_problem(reason)
        if problem:
            raise ValidationError(problem)
        return reason


class BreakGlassDecisionForm(GovukForm):
    approve = yes_no("Approve this break-glass request?")


class BreakGlassReviewForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Was the access justified?",
        choices=BreakGlassOutcome.choices,
        widget=Radios,
        error_messages={"required": "Select whether the access was justified"},
    )
    note = _free_text(
        "Your review",
        "Your review",
        rows=3,
        help_text="Record what you checked and why you reached your judgement.",
        error_messages={"required": "Enter your review"},
    )


def _worker_choice(user) -> Choice:
    return Choice(user.full_name, user.job_title or user.get_role_display())


class CaseAllocateForm(GovukForm):
    service_field_names = {"practitioner_id": "practitioner"}

    practitioner = forms.ModelChoiceField(
        label="Who will lead the case?",
        queryset=User.objects.none(),
        widget=Radios,
        empty_label=None,
        error_messages={
            "required": "Select who will lead the case",
            "invalid_choice": "Select one of the people listed",
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["practitioner"]
        field.queryset = lead_team_workers(case.lead_team)
        field.help_text = f"The practitioners and managers of {case.lead_team.name}"
        field.label_from_instance = _worker_choice

    def allocation_fields(self) -> dict:
        data = self.cleaned_data
        return {"practitioner_id": data["practitioner"].pk, "expected_version": data["version"]}


class CaseTransferForm(GovukForm):
    service_field_names = {"to_team_id": "to_team"}

    to_team = forms.ModelChoiceField(
        label="Which team should take the case over?",
        queryset=Team.objects.none(),
        empty_label="Choose a team",
        help_text="Another team of your authority, or a team of the authority the child has "
        "moved to",
        error_messages={
            "required": "Select the team to transfer the case to",
            "invalid_choice": "Select one of the teams listed",
        },
    )
    reason = _free_text(
        "Why should the case move?",
        "Why the case should move",
        rows=4,
        help_text="For example, the child has moved to Runcorn to live with an aunt. The "
        "receiving team's manager reads this before deciding.",
        error_messages={"required": "Enter why the case should move to this team"},
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["to_team"]
        field.queryset = transfer_teams(case)
        field.label_from_instance = lambda team: f"{team.name}, {team.agency.name}"

    def transfer_fields(self) -> dict:
        data = self.cleaned_data
        return {"to_team_id": data["to_team"].pk, "reason": data["reason"]}


class TransferAcceptForm(GovukForm):
    service_field_names = {"lead_practitioner_id": "lead_practitioner"}

    lead_practitioner = forms.ModelChoiceField(
        label="Who will lead the case? (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Allocate it later",
        error_messages={"invalid_choice": "Select one of the people listed"},
    )

    def __init__(self, *args, transfer, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["lead_practitioner"]
        field.queryset = lead_team_workers(transfer.to_team)
        field.help_text = (
            f"A practitioner or manager of {transfer.to_team.name}. They are told at once."
        )
        field.label_from_instance = lambda user: user.full_name

    def acceptance_fields(self) -> dict:
        lead = self.cleaned_data["lead_practitioner"]
        return {"lead_practitioner_id": lead.pk if lead else None}


class TransferDeclineForm(GovukForm):
    reason = _free_text(
        "Why can your team not take the case over?",
        "Why your team cannot take the case over",
        rows=4,
        help_text="The team that asked reads this, and it goes on the case's chronology.",
        error_messages={"required": "Enter why your team cannot take the case over"},
    )
