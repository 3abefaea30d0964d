"""The NRM pages' forms. They parse what was typed; the services apply the form's rules."""

from django import forms

from haven.core.forms import GovukDateField, GovukForm
from haven.core.limits import FREE_TEXT_MAX, NAME_MAX
from haven.nrm.models import GuardianSupport, NrmGender, YesNoNotSure
from haven.nrm.rules import DECISIONS, ExploitationType, FormExploitationType, NrmState, UnderAge
from haven.people.forms import Checkboxes, Radios


def _text(label: str, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=FREE_TEXT_MAX + 1,  # one over: the service says the limit in its words
        widget=forms.Textarea(attrs={"rows": 4}),
        **kwargs,
    )


class ReferralForm(GovukForm):
    under_age = forms.ChoiceField(
        label="Is the potential victim under 18?",
        help_text="If you are not sure, they are treated as a child until an age assessment",
        choices=UnderAge.choices,
        widget=Radios,
    )
    adult_consents = forms.TypedChoiceField(
        label="Adults only: do they agree to be referred?",
        help_text="Leave blank for a child: a child needs no consent",
        choices=[("", "Not asked"), ("True", "Yes"), ("False", "No")],
        coerce=lambda value: value == "True",
        empty_value=None,
        required=False,
        widget=Radios,
    )
    given_name = forms.CharField(label="First name", max_length=NAME_MAX, required=False)
    family_name = forms.CharField(label="Last name", max_length=NAME_MAX, required=False)
    nickname = forms.CharField(label="Other names or nicknames", max_length=200, required=False)
    date_of_birth = GovukDateField(label="Date of birth (optional)", required=False)
    gender = forms.ChoiceField(label="Gender", choices=NrmGender.choices, widget=Radios)
    nationality = forms.CharField(label="Nationality", max_length=60, required=False)
    interpreter_language = forms.CharField(
        label="Language an interpreter is needed for (if any)", max_length=60, required=False
    )
    background = _text("Background")
    what_happened = _text("What happened")
    when_it_happened = _text("When did the exploitation take place?")
    how_it_started = _text("How did the exploitation start?")
    still_in_situation = forms.ChoiceField(
        label="Are they still in the situation?",
        choices=[("", "Not known"), *YesNoNotSure.choices],
        required=False,
        widget=Radios,
    )
    last_contact_with_exploiters = _text("Last contact with the exploiters")
    indicators_seen = _text("Indicators seen")
    locations_uk = _text("Where in the UK (cities and towns)")
    locations_overseas = _text("Where overseas (countries)")
    who_exploited = _text("Who exploited them")
    exploitation_types = forms.MultipleChoiceField(
        label="Types of exploitation",
        help_text="Select all that apply",
        choices=FormExploitationType.choices,
        widget=Checkboxes,
        required=False,
    )
    other_potential_victims = forms.ChoiceField(
        label="Are there other potential victims?",
        choices=[("", "Not known"), *YesNoNotSure.choices],
        required=False,
        widget=Radios,
    )
    police_force = forms.CharField(label="Police force told", max_length=100, required=False)
    crime_reference = forms.CharField(label="Crime reference", max_length=60, required=False)

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data["interpreter_needed"] = bool(data["interpreter_language"])
        data["reported_to_police"] = bool(data["crime_reference"] or data["police_force"]) or None
        return data


class SubmitForm(GovukForm):
    submitted_on = GovukDateField(
        label="When was it submitted to the Home Office?", noun="date it was submitted"
    )
    home_office_reference = forms.CharField(
        label="Home Office reference",
        max_length=60,
        error_messages={"required": "Enter the Home Office reference"},
    )


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="What was decided?",
        choices=[(value, NrmState(value).label) for value in NrmState.values if value in DECISIONS],
        widget=Radios,
    )
    decided_on = GovukDateField(label="Date of the decision", noun="date of the decision")


class IctgForm(GovukForm):
    referred_on = GovukDateField(label="Date of the referral", noun="date of the referral")
    support = forms.ChoiceField(
        label="What support?", choices=GuardianSupport.choices, widget=Radios
    )
    guardian_name = forms.CharField(label="Guardian's name", max_length=200, required=False)
    guardian_contact = forms.CharField(
        label="Guardian's email or phone", max_length=200, required=False
    )


class DutyToNotifyForm(GovukForm):
    gender = forms.ChoiceField(label="Gender", choices=NrmGender.choices, widget=Radios)
    nationality = forms.CharField(label="Nationality", max_length=60, required=False)
    exploitation_types = forms.MultipleChoiceField(
        label="Types of exploitation",
        choices=ExploitationType.choices,
        widget=Checkboxes,
        required=False,
    )
    what_happened = _text("What happened", help_text="Do not include names or contact details")
    cooperates_with_police = forms.TypedChoiceField(
        label="Does the adult agree to cooperate with the police?",
        choices=[("False", "No"), ("True", "Yes")],
        coerce=lambda value: value == "True",
        widget=Radios,
    )
    given_name = forms.CharField(
        label="First name (only if they cooperate)", max_length=NAME_MAX, required=False
    )
    family_name = forms.CharField(
        label="Last name (only if they cooperate)", max_length=NAME_MAX, required=False
    )
