"""The one mapping from a service's refusal to a page's form errors (GovukForm)."""

from datetime import datetime

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils import timezone

from haven.audit.versioning import ChangeSinceEdit, StaleVersionError
from haven.core.forms import GovukForm


class OccurrenceForm(GovukForm):
    service_field_names = {"occurred_at": "occurred_on"}

    occurred_on = forms.DateField(required=False)
    note = forms.CharField(required=False)


class NewPersonForm(OccurrenceForm):
    service_error_prefix = "person."

    given_name = forms.CharField(required=False)


def bound(form_class):
    form = form_class({})
    assert form.is_valid()
    return form


def test_each_message_goes_on_its_field():
    form = bound(OccurrenceForm)
    form.add_service_errors(ValidationError({"note": ["Too short.", "Say more."]}))
    assert form.errors == {"note": ["Too short.", "Say more."]}


def test_a_field_the_service_names_differently_is_renamed_once():
    form = bound(OccurrenceForm)
    form.add_service_errors(ValidationError({"occurred_at": "When it happened must be past."}))
    assert form.errors == {"occurred_on": ["When it happened must be past."]}


def test_unknown_fields_and_plain_errors_go_in_the_summary():
    form = bound(OccurrenceForm)
    form.add_service_errors(
        ValidationError({"status": "Already closed.", NON_FIELD_ERRORS: ["Record something."]})
    )
    form.add_service_errors(ValidationError("Not now."))
    assert form.errors == {NON_FIELD_ERRORS: ["Already closed.", "Record something.", "Not now."]}


def test_a_nested_records_prefix_is_stripped():
    form = bound(NewPersonForm)
    form.add_service_errors(
        ValidationError(
            {
                "person.given_name": "Too long.",
                "person.aliases.0": "An alias needs a name.",
                "occurred_at": "Past, please.",
            }
        )
    )
    assert form.errors == {
        "given_name": ["Too long."],
        NON_FIELD_ERRORS: ["An alias needs a name."],
        "occurred_on": ["Past, please."],
    }


def test_a_refusal_a_page_explains_goes_in_the_summary():
    form = bound(OccurrenceForm)
    form.add_service_errors(PermissionDenied("Only the lead authority can do this."))
    form.add_service_errors(PermissionDenied())
    assert form.non_field_errors() == [
        "Only the lead authority can do this.",
        "You cannot do this.",
    ]


def test_a_stale_save_says_who_changed_what_and_when():
    form = OccurrenceForm()  # unbound: the page shows the record as it now is
    at = timezone.make_aware(datetime(2026, 11, 24, 14, 5))
    stale = StaleVersionError(
        current=None,
        submitted_version=1,
        changes=[ChangeSinceEdit(by="sam@example.org", at=at, fields={"given_name": {}})],
    )
    form.add_stale_error(stale)
    assert form.non_field_errors() == [
        str(stale),
        "sam@example.org changed given name at 14:05 on 24 November 2026.",
    ]
