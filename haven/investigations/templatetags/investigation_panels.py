"""The case page's investigations panel, and the words the investigation pages use for an
offence and the Schedule 4 check. The panel calls one selector, which asks the access door and
gives None when the user may not see the case's investigation section."""

from django import template

from haven.cases.models import CaseStatus
from haven.investigations import reference
from haven.investigations.selectors import case_investigation_views, may_lead_investigation

register = template.Library()


@register.inclusion_tag("panels/case_investigations.html", takes_context=True)
def case_investigations_panel(context, view):
    user = context["user"]
    investigations = case_investigation_views(user=user, case=view.case)
    if investigations is None:
        return {"visible": False}
    return {
        "visible": True,
        "view": view,
        "investigations": investigations,
        "can_open": view.case.status == CaseStatus.OPEN and may_lead_investigation(user, view.case),
    }


@register.filter
def offence_name(code: str) -> str:
    """ "Human trafficking (Modern Slavery Act 2015, section 2)"."""
    found = reference.offence(code)
    return f"{found.label} ({found.citation})"


@register.filter
def section_45_answer(code: str) -> str:
    """The Schedule 4 check in plain words."""
    found = reference.offence(code)
    if found.schedule_4 is None:
        return (
            "The section 45 defence may be available: this offence is not in Schedule 4. "
            "Whether it applies is for the police and the Crown Prosecution Service."
        )
    return (
        "The section 45 defence is not available: this offence is in Schedule 4 "
        f"({found.schedule_4.label})."
    )
