"""The case page's intelligence links panel, and the 3x5x2 grading in words. The panel calls
one selector, which asks the access door and gives None when the user may not see the case's
intelligence section."""

from django import template

from haven.cases.models import CaseStatus
from haven.intelligence.forms import ASSESSMENT_CHOICES, SOURCE_EVALUATION_CHOICES
from haven.intelligence.models import HandlingCode
from haven.intelligence.selectors import case_link_views

register = template.Library()

_SOURCE = {code: choice.hint.lower() for code, choice in SOURCE_EVALUATION_CHOICES}
_ASSESSMENT = {code: choice.label.split(": ", 1)[1] for code, choice in ASSESSMENT_CHOICES}


@register.inclusion_tag("panels/case_intelligence.html", takes_context=True)
def case_intelligence_panel(context, view):
    links = case_link_views(user=context["user"], case=view.case)
    if links is None:
        return {"visible": False}
    return {
        "visible": True,
        "user": context["user"],
        "view": view,
        "links": links,
        "can_record": view.case.status == CaseStatus.OPEN,
    }


@register.filter
def grading_words(link) -> str:
    """ "1AP" as a reader needs it: "the source has proved reliable; known directly to the
    source; lawful sharing permitted"."""
    handling = (
        "lawful sharing permitted"
        if link.handling_code == HandlingCode.PERMITTED
        else "shared only under conditions"
    )
    return "; ".join(
        (
            _SOURCE[link.source_evaluation],
            _ASSESSMENT[link.intelligence_assessment],
            handling,
        )
    )


@register.filter
def other_end(view, ref: str):
    """The end of a link that is not ``ref`` (the entity or case the page is about)."""
    return view.start if view.end.ref == ref else view.end
