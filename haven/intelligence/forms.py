"""Intelligence forms: they parse what was typed; the rules are the services' and the
network module's."""

from django import forms

from haven.core.forms import GovukDateField, GovukForm
from haven.intelligence.models import IntelligenceAssessment, LinkType, SourceEvaluation
from haven.intelligence.network import NetworkFilters
from haven.people.forms import Checkboxes, InlineRadios

# --- Network view and exports (decision 0029) ----------------------------------------------


class NetworkFilterForm(GovukForm):
    """The network page's filters, read from the address (GET), so the page works without
    JavaScript and a filtered view can be bookmarked."""

    service_field_names = {"link_types": "link_type", "min_grading": "source_evaluation"}

    root = forms.CharField(widget=forms.HiddenInput, max_length=30)
    hops = forms.TypedChoiceField(
        label="How far from the start",
        choices=[("1", "1 step"), ("2", "2 steps")],
        coerce=int,
        initial="1",
        required=False,
        widget=InlineRadios,
    )
    link_type = forms.MultipleChoiceField(
        label="How they are linked",
        help_text="Leave all unticked to see every kind of link",
        choices=LinkType.choices,
        required=False,
        widget=Checkboxes,
    )
    since = GovukDateField(label="Linked on or after", noun="start date", required=False)
    until = GovukDateField(label="Linked on or before", noun="end date", required=False)
    source_evaluation = forms.ChoiceField(
        label="Source at least",
        choices=[("", "Any"), *SourceEvaluation.choices[:2]],
        required=False,
    )
    intelligence_assessment = forms.ChoiceField(
        label="Intelligence at least",
        choices=[("", "Any"), *IntelligenceAssessment.choices[:4]],
        required=False,
    )

    def filters(self) -> NetworkFilters:
        data = self.cleaned_data
        evaluation, assessment = data["source_evaluation"], data["intelligence_assessment"]
        # One of the two chosen: the other allows anything.
        min_grading = f"{evaluation or '3'}{assessment or 'E'}" if evaluation or assessment else ""
        return NetworkFilters(
            link_types=frozenset(data["link_type"]),
            since=data["since"],
            until=data["until"],
            min_grading=min_grading,
        )
