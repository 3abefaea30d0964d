"""GOV.UK form patterns every form gets from ``GovukForm`` and the GOV.UK date input
(issue 8 point 15): no "This field is required.", three-field dates that a link may also give
whole."""

from datetime import UTC, date, datetime

import pytest
from django import forms

from haven.audit.forms import AuditFilterForm
from haven.core.forms import DJANGO_REQUIRED, GovukDateField, GovukForm, required_message

# The dates here are only parsed, never compared with today; the clock is fixed all the same so
# that no reading of it can make them mean something else on another day.
pytestmark = pytest.mark.time_machine(datetime(2026, 11, 24, 10, 0, tzinfo=UTC))


class Example(GovukForm):
    reason = forms.CharField(label="Reason for the change")
    team = forms.ChoiceField(label="Team", choices=[("a", "A")])
    agreed = forms.BooleanField(label="I agree")
    nrm = forms.CharField(label="NRM reference")
    unlabelled_thing = forms.CharField()
    explained = forms.CharField(label="Why", error_messages={"required": "Say why"})
    when = GovukDateField(label="When", noun="date it happened")


def test_no_required_field_says_this_field_is_required():
    form = Example(data={})
    assert not form.is_valid()
    messages = {name: errors[0] for name, errors in form.errors.items()}
    assert messages == {
        "reason": "Enter reason for the change",
        "team": "Select team",
        "agreed": "Select I agree",
        "nrm": "Enter NRM reference",
        "unlabelled_thing": "Enter unlabelled thing",
        "explained": "Say why",
        "when": "Enter the date it happened",
    }
    assert str(DJANGO_REQUIRED) not in str(form.errors)


def test_a_question_label_loses_its_question_mark():
    assert required_message(forms.CharField(label="Where did it happen?"), "x") == (
        "Enter where did it happen"
    )


def test_the_form_class_keeps_django_default_for_other_forms():
    # Replacing the message on one form's copy must not change the field class's default.
    Example(data={})
    assert forms.CharField().error_messages["required"] == DJANGO_REQUIRED


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"date_from_day": "1", "date_from_month": "2", "date_from_year": "2026"},
            date(2026, 2, 1),
        ),
        ({"date_from": "2026-02-01"}, date(2026, 2, 1)),
    ],
)
def test_a_date_comes_from_three_boxes_or_whole_from_a_link(data, expected):
    form = AuditFilterForm(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_from"] == expected


def test_a_whole_date_that_is_not_a_date_is_refused_in_words():
    form = AuditFilterForm({"date_from": "yesterday"})
    assert not form.is_valid()
    assert form.errors["date_from"] == ["Start date must be a real date, for example 27 3 2011"]


def test_the_audit_filter_uses_three_boxes_not_the_browser_date_picker():
    html = str(AuditFilterForm()["date_from"])
    assert 'type="date"' not in html
    assert 'name="date_from_day"' in html and 'name="date_from_year"' in html
