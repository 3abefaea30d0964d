"""The screening finding in plain words, the same on the concern page and the case page."""

from django import template

from haven.screening.engine import finding, in_words

register = template.Library()

TAG_CLASSES = {
    "potential_victim": "govuk-tag--red",
    "trafficking_not_indicated": "govuk-tag--yellow",
    "insufficient_information": "govuk-tag--grey",
}


@register.inclusion_tag("screening/includes/finding.html")
def screening_finding(result: dict, outcome: str | None = None):
    """``outcome`` is the outcome in force when a professional override replaced the engine's."""
    if outcome and outcome != result["outcome"]:
        result = {**result, "outcome": outcome}
    said = finding(result)
    tag_class = (
        "govuk-tag--orange" if said["consider_trafficking"] else TAG_CLASSES[result["outcome"]]
    )
    return {"finding": said, "tag_class": tag_class}


@register.inclusion_tag("screening/includes/finding_brief.html")
def screening_finding_brief(result: dict, outcome: str | None = None):
    """The finding's tag and headline only, for a summary of the case."""
    return screening_finding(result, outcome)


@register.filter
def plain_words(text: str) -> str:
    """An explanation line without internal codes (codes belong to the API)."""
    return in_words(text)
