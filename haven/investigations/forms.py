"""The investigation pages' forms. They parse what was typed (dates in three boxes, yes or no,
choices); the services decide what may be recorded and say why not."""

from django import forms

from haven.core.forms import GovukDateField, GovukForm
from haven.core.limits import FREE_TEXT_MAX, too_long
from haven.investigations import reference
from haven.investigations.models import (
    InvestigationStatus,
    OrderType,
    Outcome,
    UpdateGivenTo,
    VictimStatement,
)
from haven.people.forms import Checkboxes, Choice, Radios, yes_no

STATEMENT_HINT = "The investigation continues whether or not the child gives a statement."


def _text(label: str, noun: str, *, required: bool = True, help_text: str = "", rows: int = 4):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=FREE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": too_long(noun, FREE_TEXT_MAX)},
    )


def _offences_field(label: str, choices, *, required: bool = True) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=Checkboxes,
        error_messages={"required": "Select at least one offence being investigated"},
    )


class _InvestigationDetails(GovukForm):
    officer_in_charge = forms.CharField(
        label="Officer in charge",
        help_text="Their rank and name, for example DC Priya Shah",
        max_length=200,
        error_messages={
            "required": "Enter the name of the officer in charge",
            "max_length": too_long("The officer's name", 200),
        },
    )
    officer_contact = forms.CharField(
        label="How to contact them (optional)",
        help_text="A phone number or email address",
        max_length=200,
        required=False,
        error_messages={"max_length": too_long("The contact", 200)},
    )
    crime_references = forms.CharField(
        label="Crime references (optional)",
        help_text="One on each line",
        required=False,
        max_length=1200,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": too_long("The crime references", 1200)},
    )
    offences = _offences_field("Offences being investigated", reference.offence_choices())
    victim_statement = forms.ChoiceField(
        label="Has the child given a statement?",
        help_text=STATEMENT_HINT,
        choices=VictimStatement.choices,
        widget=Radios,
        error_messages={"required": "Select whether the child gave a statement"},
    )

    def details(self) -> dict:
        data = dict(self.cleaned_data)
        data["crime_references"] = data["crime_references"].splitlines()
        return data


class InvestigationForm(_InvestigationDetails):
    opened_on = GovukDateField(
        label="When did the investigation begin?",
        noun="date the investigation began",
        help_text="For example, 27 3 2026",
    )
    suspects = forms.MultipleChoiceField(
        label="Suspects (optional)",
        help_text="Adults of concern linked to the child. Add anyone else to the child's record "
        "first, with their relationship to the child.",
        required=False,
        widget=Checkboxes,
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suspects"].choices = [(p.pk, p.full_name) for p in candidates]
        if not candidates:
            self.fields.pop("suspects")

    def service_arguments(self) -> dict:
        data = self.details()
        data["suspect_ids"] = [int(pk) for pk in data.pop("suspects", [])]
        return data

    service_field_names = {"suspect_ids": "suspects"}


class InvestigationEditForm(_InvestigationDetails):
    status = forms.ChoiceField(
        label="Is the investigation still open?",
        choices=[
            (InvestigationStatus.OPEN, Choice("Open")),
            (
                InvestigationStatus.CLOSED,
                Choice("Closed", "Record each suspect's outcome as well"),
            ),
        ],
        widget=Radios,
        error_messages={"required": "Select whether the investigation is open or closed"},
    )
    closed_on = GovukDateField(
        label="When did it close? (if closed)", noun="date it closed", required=False
    )
    closed_reason = _text("Why did it close? (if closed)", "The reason", required=False, rows=3)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def service_arguments(self) -> dict:
        data = self.details()
        data.pop("version")
        return data


class SuspectForm(GovukForm):
    person = forms.TypedChoiceField(
        label="Who is suspected?",
        help_text="Adults of concern linked to the child who are not yet suspects",
        coerce=int,
        widget=Radios,
        error_messages={"required": "Select who is suspected"},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(p.pk, p.full_name) for p in candidates]

    service_field_names = {"suspects": "person"}


def _suspect_field(suspects) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label="Which suspect?",
        choices=[(line.suspect.pk, line.name) for line in suspects],
        coerce=int,
        widget=Radios,
        error_messages={"required": "Select the suspect"},
    )


class OrderForm(GovukForm):
    order_type = forms.ChoiceField(
        label="What was issued?",
        choices=[
            (
                OrderType.CAWN,
                Choice(OrderType.CAWN.label, "For a child under 16, or under 18 and in care"),
            ),
            (OrderType.STPO, Choice(OrderType.STPO.label)),
            (OrderType.STRO, Choice(OrderType.STRO.label)),
        ],
        widget=Radios,
        error_messages={"required": "Select the kind of order or notice"},
    )
    issued_on = GovukDateField(label="Date issued", noun="date it was issued")
    expires_on = GovukDateField(
        label="Date it expires (optional)", noun="date it expires", required=False
    )
    address_line_1 = forms.CharField(
        label="Address line 1",
        help_text="Where the suspect must not have the child. Needed for a warning notice.",
        max_length=200,
        required=False,
        error_messages={"max_length": too_long("Address line 1", 200)},
    )
    address_line_2 = forms.CharField(
        label="Address line 2 (optional)",
        max_length=200,
        required=False,
        error_messages={"max_length": too_long("Address line 2", 200)},
    )
    town = forms.CharField(
        label="Town or city",
        max_length=100,
        required=False,
        error_messages={"max_length": too_long("Town or city", 100)},
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
        error_messages={"max_length": too_long("The postcode", 10)},
    )
    child_in_care = yes_no(
        "Is the child in care?",
        required=False,
        help_text="A warning notice for a child aged 16 or 17 can only be given if they are",
    )

    def __init__(self, *args, suspects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"suspect_id": _suspect_field(suspects), **self.fields}

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["child_in_care"] = bool(data["child_in_care"])
        return data

    service_field_names = {"suspect": "suspect_id"}


class BreachForm(GovukForm):
    breached_on = GovukDateField(label="Date of the breach", noun="date of the breach")
    note = _text("What happened (optional)", "The note", required=False)


class OutcomeForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[
            (Outcome.ONGOING, Choice(Outcome.ONGOING.label, "Still under investigation")),
            (Outcome.NO_FURTHER_ACTION, Choice(Outcome.NO_FURTHER_ACTION.label)),
            (Outcome.CHARGED, Choice(Outcome.CHARGED.label)),
            (Outcome.CONVICTED, Choice(Outcome.CONVICTED.label, "Record the charge first")),
            (Outcome.ACQUITTED, Choice(Outcome.ACQUITTED.label, "Record the charge first")),
        ],
        widget=Radios,
        error_messages={"required": "Select the outcome"},
    )
    decided_on = GovukDateField(label="Date of the outcome", noun="date of the outcome")
    offences = _offences_field("Offences (optional)", [], required=False)
    note = _text("Note (optional)", "The note", required=False, rows=3)

    def __init__(self, *args, suspects, offences, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"suspect_id": _suspect_field(suspects), **self.fields}
        self.fields["offences"].choices = [
            (code, f"{reference.offence(code).label} ({reference.offence(code).citation})")
            for code in offences
        ]

    service_field_names = {"suspect": "suspect_id"}


class ChildOffenceForm(GovukForm):
    offence = forms.ChoiceField(
        label="Offence",
        help_text="Haven says whether the section 45 defence may be available",
        choices=[("", "Choose the offence"), *reference.offence_choices()],
        error_messages={"required": "Select the offence from the list"},
    )
    arrested_on = GovukDateField(label="Date of the arrest", noun="date of the arrest")
    charged_on = GovukDateField(
        label="Date charged (optional)", noun="date of the charge", required=False
    )
    linked_to_exploitation = _text(
        "How is it linked to the exploitation?",
        "The link to the exploitation",
        help_text="For example, found holding drugs for the adults who exploit the child",
    )


class ReviewForm(GovukForm):
    section_45_considered = yes_no("Was the section 45 defence considered?")
    trained_interviewer = yes_no("Was the child interviewed by a trained officer?")
    out_of_hours_informed = yes_no(
        "Were EDT, out-of-hours and PACE officers told?",
        help_text="The emergency duty team, out-of-hours services and custody officers",
    )
    reviewed_on = GovukDateField(label="Date of the review", noun="date of the review")
    note = _text("Note (optional)", "The note", required=False, rows=3)


class VictimUpdateForm(GovukForm):
    given_to = forms.ChoiceField(
        label="Who was given the update?",
        choices=UpdateGivenTo.choices,
        widget=Radios,
        error_messages={"required": "Select who was given the update"},
    )
    partner_agency = forms.CharField(
        label="Which partner agency? (if an agency)",
        max_length=200,
        required=False,
        error_messages={"max_length": too_long("The agency", 200)},
    )
    given_on = GovukDateField(label="Date of the update", noun="date of the update")
    summary = _text("What were they told?", "The summary")
