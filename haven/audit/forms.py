from django import forms

from haven.accounts.models import Agency, User
from haven.audit.verbs import verb_choices_grouped
from haven.core.forms import GovukDateField
from haven.core.limits import ID_MAX, too_large


class AuditFilterForm(forms.Form):
    person = forms.IntegerField(
        label="Person ID",
        required=False,
        min_value=1,
        max_value=ID_MAX,
        error_messages={"max_value": too_large("Person ID", ID_MAX)},
    )
    user = forms.ModelChoiceField(
        queryset=User.objects.order_by("email"), required=False, to_field_name="email"
    )
    agency = forms.ModelChoiceField(queryset=Agency.objects.all(), required=False)
    verb = forms.ChoiceField(
        label="Action",
        help_text=(
            "Each kind of event has its own action, such as Case closed or Records merged. "
            "Events recorded before these actions had their own names are under Older rows."
        ),
        choices=[("", "Any"), *verb_choices_grouped()],
        required=False,
    )
    date_from = GovukDateField(label="From", noun="start date", required=False)
    date_to = GovukDateField(label="To", noun="end date", required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date must be the same as or after the start.")
        return cleaned
