from django import forms

from haven.core.forms import GovukForm
from haven.core.limits import FREE_TEXT_MAX, too_long


class CandidateDecisionForm(GovukForm):
    service_field_names = {"reason": "note"}

    decision = forms.ChoiceField(
        label="Are these the same person?",
        choices=[
            ("merge_into_a", "Yes: merge the second record into the first"),
            ("merge_into_b", "Yes: merge the first record into the second"),
            ("reject", "No: they are different people (this pair will not be proposed again)"),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=FREE_TEXT_MAX,
        error_messages={"max_length": too_long("Why", FREE_TEXT_MAX)},
        help_text="Recorded in the audit trail.",
    )


class UnmergeForm(GovukForm):
    reason = forms.CharField(
        label="Why the merge was wrong",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=FREE_TEXT_MAX,
        error_messages={"max_length": too_long("Why the merge was wrong", FREE_TEXT_MAX)},
    )
