from datetime import datetime, time

from django import forms
from django.utils import timezone

from haven.core.areas import AREAS_INVOLVED
from haven.core.forms import GovukDateField, GovukForm, GovukTimeField
from haven.core.limits import FREE_TEXT_MAX, max_items, too_long, too_many
from haven.screening.vocabulary import load_vocabulary


class OverrideForm(GovukForm):
    outcome = forms.ChoiceField(label="Your professional judgement", widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Why you reach a different conclusion",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=FREE_TEXT_MAX,
        error_messages={
            "max_length": too_long("Why you reach a different conclusion", FREE_TEXT_MAX)
        },
    )
    actions_removed = forms.MultipleChoiceField(
        label="Statutory actions no longer needed (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Removing any statutory action needs a second manager's approval.",
    )

    def __init__(self, *args, required_actions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        vocabulary = load_vocabulary()
        self.fields["outcome"].choices = list(vocabulary.outcomes.items())
        self.fields["actions_removed"].choices = [
            (code, vocabulary.actions[code].label) for code in required_actions
        ]
        # Each action at most once.
        self.fields["actions_removed"].validators.append(max_items(len(required_actions)))
        self.fields["actions_removed"].error_messages["max_length"] = too_many(
            len(required_actions), "actions"
        )


UNCHANGED_YES_NO = [("", "No change"), ("yes", "Yes"), ("no", "No")]


class CaseInformationForm(GovukForm):
    service_field_names = {"returned_from_missing_at": "returned_on"}

    returned_on = GovukDateField(
        label="Returned from a missing episode on (optional)",
        noun="date of the return",
        required=False,
        help_text="For example, 27 3 2026. A return home interview is then due within 72 hours.",
    )
    returned_time = GovukTimeField(label="At what time (optional)", required=False)
    arrested_or_suspected_offence = forms.ChoiceField(
        label="Arrested or suspected of an offence", choices=UNCHANGED_YES_NO, required=False
    )
    parents_or_carers_complicit = forms.ChoiceField(
        label="Parents or carers thought complicit", choices=UNCHANGED_YES_NO, required=False
    )
    criminal_network = forms.ChoiceField(
        label="A criminal network or gang is involved", choices=UNCHANGED_YES_NO, required=False
    )
    accommodated = forms.ChoiceField(
        label="Accommodated by the local authority", choices=UNCHANGED_YES_NO, required=False
    )
    reunification_planned = forms.ChoiceField(
        label="Reunification with family planned", choices=UNCHANGED_YES_NO, required=False
    )
    abduction_risk = forms.ChoiceField(
        label="Risk of abduction",
        choices=[("", "No change"), ("low", "Low"), ("medium", "Medium"), ("high", "High")],
        required=False,
    )
    areas_involved = forms.MultipleChoiceField(
        label="Other areas involved",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=AREAS_INVOLVED,
        help_text="Their police and children's social care are told at once.",
        validators=[max_items(len(AREAS_INVOLVED))],
        error_messages={"max_length": too_many(len(AREAS_INVOLVED), "areas")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("returned_time") and not cleaned.get("returned_on"):
            self.add_error("returned_on", "Give the date of the return as well as the time.")
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        returned = None
        if data["returned_on"]:
            returned = timezone.make_aware(
                datetime.combine(data["returned_on"], data["returned_time"] or time(12, 0))
            )
        flags = {
            name: {"yes": True, "no": False}.get(data[name])
            for name in (
                "arrested_or_suspected_offence",
                "parents_or_carers_complicit",
                "criminal_network",
                "accommodated",
                "reunification_planned",
            )
        }
        return {
            "returned_from_missing_at": returned,
            "flags": flags,
            "abduction_risk": data["abduction_risk"] or None,
            "areas_involved": data["areas_involved"],
        }
