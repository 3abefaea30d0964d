from django import forms

from haven.screening.vocabulary import load_vocabulary


class OverrideForm(forms.Form):
    outcome = forms.ChoiceField(label="Your professional judgement", widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Why you reach a different conclusion",
        widget=forms.Textarea(attrs={"rows": 5}),
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
