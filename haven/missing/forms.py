"""The missing-episode pages' forms: they parse what was typed (GOV.UK date inputs and 24-hour
times combined into instants); every rule is the service's, shown with ``add_service_errors``."""

import copy
from datetime import datetime

from django import forms
from django.utils import timezone

from haven.cases.forms import ConcernForm
from haven.core.areas import Area
from haven.core.forms import (
    GovukDateField,
    GovukForm,
    GovukTimeField,
    phones_mentioned_field,
    places_mentioned_field,
)
from haven.core.limits import FREE_TEXT_MAX
from haven.missing.models import InterviewResponse, MissingFrom, PoliceRiskLevel

YES_NO = [("yes", "Yes"), ("no", "No")]


def _at(day, at_time):
    return timezone.make_aware(datetime.combine(day, at_time)) if day and at_time else None


class _Moments(GovukForm):
    """Pairs of a date field ``<name>_on`` and a time field ``<name>_time``: the service's
    ``<name>_at``. Errors the service gives for ``<name>_at`` show on the date."""

    moments: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        for name in self.moments:
            day, at_time = cleaned.get(f"{name}_on"), cleaned.get(f"{name}_time")
            if bool(day) != bool(at_time) and f"{name}_on" not in self.errors:
                self.add_error(f"{name}_on", "Enter both the date and the time")
        return cleaned

    def _field_for(self, service_name):
        for name in self.moments:
            if service_name == f"{name}_at":
                return f"{name}_on"
        return super()._field_for(service_name)

    def moments_values(self) -> dict:
        data = self.cleaned_data
        return {f"{n}_at": _at(data.get(f"{n}_on"), data.get(f"{n}_time")) for n in self.moments}


class ReportForm(_Moments):
    moments = ("reported_missing", "reported_to_police", "last_seen")

    reported_missing_on = GovukDateField(
        label="Date reported missing", noun="date reported missing"
    )
    reported_missing_time = GovukTimeField(label="Time reported missing")
    missing_from = forms.ChoiceField(
        label="Missing from", choices=MissingFrom.choices, widget=forms.RadioSelect
    )
    looked_after = forms.ChoiceField(
        label="Is the child looked after by the local authority?",
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    last_seen_on = GovukDateField(label="Date last seen (optional)", required=False)
    last_seen_time = GovukTimeField(label="Time last seen (optional)", required=False)
    last_seen_place = forms.CharField(
        label="Where last seen (optional)", max_length=200, required=False
    )
    last_seen_with = forms.CharField(label="Who with (optional)", max_length=200, required=False)
    clothing = forms.CharField(
        label="Clothing (optional)", max_length=FREE_TEXT_MAX, required=False, widget=forms.Textarea
    )
    reported_to_police_on = GovukDateField(
        label="Date reported to the police (optional)", required=False
    )
    reported_to_police_time = GovukTimeField(
        label="Time reported to the police (optional)", required=False
    )
    police_reference = forms.CharField(
        label="Police reference (optional)", max_length=50, required=False
    )
    police_risk_level = forms.ChoiceField(
        label="Police risk level (optional)",
        choices=[("", "Not known yet"), *PoliceRiskLevel.choices],
        required=False,
    )
    home_area = forms.ChoiceField(
        label="Child's home area",
        help_text="Only used if the child has no open case: a concern goes to this area's "
        "front door.",
        choices=[("", "My agency's area"), *Area.choices],
        required=False,
    )

    def __init__(self, *args, has_case: bool, **kwargs):
        super().__init__(*args, **kwargs)
        # The home area matters only for the concern raised for a child with no open case.
        if has_case:
            del self.fields["home_area"]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            **self.moments_values(),
            "missing_from": data["missing_from"],
            "looked_after": data["looked_after"] == "yes",
            "last_seen_place": data["last_seen_place"],
            "last_seen_with": data["last_seen_with"],
            "clothing": data["clothing"],
            "police_reference": data["police_reference"],
            "police_risk_level": data["police_risk_level"],
            "home_area": data.get("home_area", ""),
        }


class PoliceForm(_Moments):
    moments = ("reported_to_police",)

    reported_to_police_on = GovukDateField(label="Date reported to the police", required=False)
    reported_to_police_time = GovukTimeField(label="Time reported to the police", required=False)
    police_reference = forms.CharField(label="Police reference", max_length=50, required=False)
    police_risk_level = forms.ChoiceField(
        label="Police risk level",
        choices=[("", "Not known yet"), *PoliceRiskLevel.choices],
        required=False,
    )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            **self.moments_values(),
            "police_reference": data["police_reference"],
            "police_risk_level": data["police_risk_level"],
        }


class ReturnForm(_Moments):
    moments = ("returned", "safe_and_well_check")

    returned_on = GovukDateField(label="Date returned or found", noun="date returned or found")
    returned_time = GovukTimeField(label="Time returned or found")
    found_at_address = forms.CharField(
        label="Address where found (optional)", max_length=200, required=False
    )
    found_at_postcode = forms.CharField(
        label="Postcode (optional)",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
    found_with = forms.CharField(
        label="Name of anyone the child was found with (optional)", max_length=200, required=False
    )
    collected_by = forms.CharField(
        label="Name of anyone who collected the child (optional)",
        max_length=200,
        required=False,
    )
    collected_in_vehicle = forms.CharField(
        label="Registration of the vehicle they were collected in (optional)",
        help_text="For example, AB12 CDE",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
    how_returned = forms.CharField(
        label="How the child returned (optional)", max_length=200, required=False
    )
    injuries_or_concerns = forms.CharField(
        label="Injuries or concerns (optional)",
        max_length=FREE_TEXT_MAX,
        required=False,
        widget=forms.Textarea,
    )
    safe_and_well_check_on = GovukDateField(
        label="Date of the police safe and well check (optional)", required=False
    )
    safe_and_well_check_time = GovukTimeField(label="Time of the check (optional)", required=False)
    safe_and_well_check_by = forms.CharField(
        label="Check done by (optional)", max_length=200, required=False
    )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        fields = (
            "found_at_address",
            "found_at_postcode",
            "found_with",
            "collected_by",
            "collected_in_vehicle",
            "how_returned",
        )
        return {
            **self.moments_values(),
            **{name: data[name] for name in fields},
            "injuries_or_concerns": data["injuries_or_concerns"],
            "safe_and_well_check_by": data["safe_and_well_check_by"],
        }


class InterviewForm(_Moments):
    moments = ("offered", "held")

    offered_on = GovukDateField(label="Date offered", noun="date offered")
    offered_time = GovukTimeField(label="Time offered")
    offered_by_me = forms.ChoiceField(
        label="Who offered the interview?",
        choices=[("yes", "I did"), ("no", "Someone else")],
        widget=forms.RadioSelect,
    )
    offered_by_name = forms.CharField(
        label="Their name (if someone else)", max_length=200, required=False
    )
    offered_by_organisation = forms.CharField(
        label="Their organisation (if someone else)", max_length=200, required=False
    )
    independent_of_placement = forms.BooleanField(
        label="The person who offered the interview is independent of the child's placement",
        required=False,
    )
    response = forms.ChoiceField(
        label="Did the child accept?", choices=InterviewResponse.choices, widget=forms.RadioSelect
    )
    declined_reason = forms.CharField(
        label="Why the child declined (if declined)",
        max_length=FREE_TEXT_MAX,
        required=False,
        widget=forms.Textarea,
    )
    another_offer_to_follow = forms.ChoiceField(
        label="Will another offer follow? (if declined)",
        choices=[("", "Not declined"), *YES_NO],
        required=False,
    )
    held_on = GovukDateField(label="Date held (if held)", required=False)
    held_time = GovukTimeField(label="Time held (if held)", required=False)
    held_by = forms.CharField(label="Held by (if held)", max_length=200, required=False)
    childs_account = forms.CharField(
        label="The child's account", max_length=FREE_TEXT_MAX, required=False, widget=forms.Textarea
    )
    why_they_went = forms.CharField(
        label="Why they went", max_length=FREE_TEXT_MAX, required=False, widget=forms.Textarea
    )
    push_factors = forms.CharField(
        label="Push factors", max_length=FREE_TEXT_MAX, required=False, widget=forms.Textarea
    )
    pull_factors = forms.CharField(
        label="Pull factors", max_length=FREE_TEXT_MAX, required=False, widget=forms.Textarea
    )
    harm_not_disclosed_at_safe_and_well_check = forms.CharField(
        label="Harm not disclosed at the safe and well check",
        max_length=FREE_TEXT_MAX,
        required=False,
        widget=forms.Textarea,
    )
    what_would_help = forms.CharField(
        label="What would help them feel safe",
        max_length=FREE_TEXT_MAX,
        required=False,
        widget=forms.Textarea,
    )
    staying_safe_information_given = forms.BooleanField(
        label="Information on staying safe given", required=False
    )
    places_mentioned = places_mentioned_field()
    phones_mentioned = phones_mentioned_field()
    disclosure = forms.CharField(
        label="Disclosure (optional)",
        help_text="Anything the child disclosed that is a new concern. With indicators, a new "
        "concern is raised.",
        max_length=FREE_TEXT_MAX,
        required=False,
        widget=forms.Textarea,
    )
    # The indicators as the concern form offers them (the screening vocabulary's).
    disclosure_indicator_codes = copy.deepcopy(ConcernForm.base_fields["indicator_codes"])
    disclosure_indicator_codes.label = "What the disclosure shows (optional)"

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        text = (
            "offered_by_name",
            "offered_by_organisation",
            "declined_reason",
            "held_by",
            "childs_account",
            "why_they_went",
            "push_factors",
            "pull_factors",
            "harm_not_disclosed_at_safe_and_well_check",
            "what_would_help",
            "disclosure",
        )
        return {
            **self.moments_values(),
            **{name: data[name] for name in text},
            "offered_by_me": data["offered_by_me"] == "yes",
            "independent_of_placement": data["independent_of_placement"],
            "response": data["response"],
            "another_offer_to_follow": {"yes": True, "no": False}.get(
                data["another_offer_to_follow"]
            ),
            "staying_safe_information_given": data["staying_safe_information_given"],
            "disclosure_indicator_codes": data["disclosure_indicator_codes"],
            "places_mentioned": data["places_mentioned"],
            "phones_mentioned": data["phones_mentioned"],
        }
