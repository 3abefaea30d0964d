"""Panels other apps contribute to the case page, each shown only if the user may see its
section. Each calls one selector; the case page's query count stays bounded."""

from django import template

from haven.actions.selectors import clock_state, tasks_for_case
from haven.cases.models import CaseSection

register = template.Library()


@register.inclusion_tag("panels/case_screening.html", takes_context=True)
def case_screening_panel(context, view):
    from haven.screening.selectors import screening_summary_for_case

    if not view.access.can_see(CaseSection.SCREENING):
        return {"visible": False}
    return {
        "visible": True,
        "view": view,
        "summary": screening_summary_for_case(case=view.case),
        "user": context["user"],
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("panels/case_tasks.html", takes_context=True)
def case_tasks_panel(context, view):
    if not view.access.can_see(CaseSection.TASKS):
        return {"visible": False}
    tasks = list(tasks_for_case(case=view.case))
    return {
        "visible": True,
        "view": view,
        "tasks": [(task, clock_state(task)) for task in tasks],
        "user": context["user"],
    }


@register.inclusion_tag("panels/case_meetings.html", takes_context=True)
def case_meetings_panel(context, view):
    from haven.meetings.selectors import meetings_for_case

    if not view.access.can_see(CaseSection.MEETINGS):
        return {"visible": False}
    return {
        "visible": True,
        "view": view,
        "meetings": meetings_for_case(case=view.case, user=context["user"]),
        "user": context["user"],
    }


@register.filter
def code_label(code: str) -> str:
    """The plain-English label of a vocabulary code (element, indicator, action...)."""
    from haven.screening.vocabulary import load_vocabulary

    try:
        return load_vocabulary().label(code)
    except KeyError:
        return code.replace("_", " ")
