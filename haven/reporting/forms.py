from django import forms

from haven.core.forms import GovukDateField, GovukForm
from haven.reporting.dashboard import CHOSEN_QUARTERS, DASHBOARD_AREAS, quarter_label, quarters_to

FOR_EXAMPLE = "For example, 1 4 2026"


def quarter_choices(today) -> list[tuple[str, str]]:
    """The last ``CHOSEN_QUARTERS`` quarters, newest first, as ``YYYY-MM-DD/YYYY-MM-DD``."""
    quarters = reversed(quarters_to(today, count=CHOSEN_QUARTERS))
    return [("", "Choose dates below")] + [
        (f"{q.start.isoformat()}/{q.end.isoformat()}", quarter_label(q)) for q in quarters
    ]


class DashboardForm(GovukForm):
    """Which dashboard: an area, and a quarter or a period from and to."""

    area = forms.ChoiceField(label="Area", choices=DASHBOARD_AREAS, required=False)
    quarter = forms.ChoiceField(label="Quarter", required=False)
    date_from = GovukDateField(
        label="From", noun="start date", required=False, help_text=FOR_EXAMPLE
    )
    date_to = GovukDateField(label="To", noun="end date", required=False, help_text=FOR_EXAMPLE)

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = quarter_choices(today)

    def clean(self):
        data = super().clean()
        if not data.get("quarter") and bool(data.get("date_from")) != bool(data.get("date_to")):
            missing = "date_to" if data.get("date_from") else "date_from"
            self.add_error(missing, "Enter both dates, or choose a quarter")
        return data

    def period_dates(self):
        """The chosen (start, end), or None for the default."""
        data = self.cleaned_data
        if data.get("quarter"):
            start, end = data["quarter"].split("/")
            return forms.DateField().to_python(start), forms.DateField().to_python(end)
        if data.get("date_from") and data.get("date_to"):
            return data["date_from"], data["date_to"]
        return None
