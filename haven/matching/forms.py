from django import forms

from haven.core.forms import GovukForm
from haven.core.limits import FREE_TEXT_MAX, too_long


class CandidateDecisionForm(GovukForm):
    """Whether a pair is one person. The merge answers name the record kept: the one the
    merge rules keep (``matching.services.merge_survivor``), or either when the reviewer
    chooses."""

    service_field_names = {"reason": "note", "survivor": "decision"}

    decision = forms.ChoiceField(
        label="Are these the same person?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether these records are the same person",
            "invalid_choice": "Select whether these records are the same person",
        },
    )
    note = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=FREE_TEXT_MAX,
        error_messages={
            "required": "Enter why you decided this",
            "max_length": too_long("Why", FREE_TEXT_MAX),
        },
        help_text="Recorded in the audit trail.",
    )

    def __init__(self, *args, candidate, survivor, **kwargs):
        super().__init__(*args, **kwargs)
        records = {
            "merge_into_a": (candidate.person_a, "first record"),
            "merge_into_b": (candidate.person_b, "second record"),
        }
        self.fields["decision"].choices = [
            (value, f"Yes: merge them, keeping {person.full_name} (the {which})")
            for value, (person, which) in records.items()
            if survivor.person_id in (None, person.pk)
        ] + [("reject", "No: they are different people (this pair will not be proposed again)")]


class UnmergeForm(GovukForm):
    reason = forms.CharField(
        label="Why the merge was wrong",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=FREE_TEXT_MAX,
        error_messages={"max_length": too_long("Why the merge was wrong", FREE_TEXT_MAX)},
    )
