"""Panels other apps contribute to the case page. Each calls one selector, which asks the
access door and gives None when the user may not see that section; the case page's query count
stays bounded. The screening panel shows the summary the page has already read for the user
(its glance's: None when they may not see the screening), rather than reading it again."""

from django import template

from haven.actions.selectors import clock_state, tasks_for_case_for_user
from haven.meetings.selectors import may_chair, meetings_for_case
from haven.screening.vocabulary import load_vocabulary

register = template.Library()


@register.inclusion_tag("panels/case_screening.html", takes_context=True)
def case_screening_panel(context, view, summary):
    if summary is None:
        return {"visible": False}
    return {
        "visible": True,
        "view": view,
        "summary": summary,
        "user": context["user"],
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("panels/case_tasks.html", takes_context=True)
def case_tasks_panel(context, view):
    tasks = tasks_for_case_for_user(user=context["user"], case=view.case)
    if tasks is None:
        return {"visible": False}
    return {
        "visible": True,
        "view": view,
        "tasks": [(task, clock_state(task)) for task in tasks],
        "user": context["user"],
    }


@register.inclusion_tag("panels/case_meetings.html", takes_context=True)
def case_meetings_panel(context, view):
    meetings = meetings_for_case(case=view.case, user=context["user"])
    if meetings is None:
        return {"visible": False}
    return {
        "visible": True,
        "view": view,
        "meetings": meetings,
        # Only who may schedule sees the button (a lead practitioner asks their manager).
        "can_schedule": may_chair(user=context["user"], case=view.case),
        "user": context["user"],
    }


@register.filter
def code_label(code: str) -> str:
    """The plain-English label of a vocabulary code (element, indicator, action...)."""
    try:
        return load_vocabulary().label(code)
    except KeyError:
        return code.replace("_", " ")
