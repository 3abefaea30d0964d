"""The screening finding in plain words, the same on the concern page and the case page."""

import re

from django import template

from haven.screening.engine import finding
from haven.screening.vocabulary import load_vocabulary

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


# Codes and input names that the API's explanation uses, in the words a page uses instead.
_CODE = re.compile(r"\b(?:ind|act|means|purpose|risk)\.[a-z0-9_]+\b")
_INPUT_NAMES = {
    "record criminal_network": "record that a criminal network or gang is involved",
    "set ictg_available": "record that a guardian is available",
    "leave appears_under_18 unanswered": "do not record that they appear to be an adult",
    "(notify_cross_border)": "",
}


@register.filter
def plain_words(text: str) -> str:
    """An explanation line without internal codes: codes belong to the API (issue: internal
    codes shown to users). Each code becomes its label; an action code in brackets goes."""
    vocabulary = load_vocabulary()
    actions = "|".join(re.escape(code) for code in vocabulary.actions)
    text = re.sub(rf"\s*\((?:{actions})\)", "", text)
    for name, words in _INPUT_NAMES.items():
        text = text.replace(name, words)

    def label(match: re.Match) -> str:
        code = match.group()
        if code not in vocabulary.codes:
            return code
        words = vocabulary.label(code)
        return words[0].lower() + words[1:]

    text = _CODE.sub(label, text)
    return text[0].upper() + text[1:] if text else text
