"""The case page's missing history panel, beside the CSE and trafficking screening. It calls one
workflow function, which asks the access door and gives None when the user may not see the
case's missing section. It is given the case's screening as the page read it for the user."""

from django import template

from haven.missing.selectors import interview_state
from haven.workflows.missing_episodes import case_missing_panel

register = template.Library()


@register.inclusion_tag("panels/case_missing.html", takes_context=True)
def case_missing_panel_for(context, view, screening):
    panel = case_missing_panel(user=context["user"], case=view.case, screening=screening)
    if panel is None:
        return {"visible": False}
    return {"visible": True, "panel": panel, "view": view}


@register.filter
def interview_clock(episode) -> str:
    return interview_state(episode).value


@register.filter
def hours(duration) -> str:
    """A duration in whole hours, as the history shows it."""
    if duration is None:
        return "Still missing"
    total = int(duration.total_seconds() // 3600)
    return f"{total} hour{'s' if total != 1 else ''}" if total else "Under an hour"


@register.filter
def words(code: str) -> str:
    """An outcome code in words ("potential_victim" -> "potential victim")."""
    return (code or "").replace("_", " ")


@register.filter
def label(labels: dict, code: str) -> str:
    return (labels or {}).get(code, code)
