"""The case page's NRM panel: its referrals and guardian referrals, from selectors that ask the
access door (nothing for a user who may not see the case's NRM section)."""

from django import template

from haven.cases.models import CaseStatus
from haven.nrm.selectors import clock_of, ictg_referrals_for_case, referrals_for_case
from haven.workflows.nrm import ictg_area_covered

register = template.Library()


@register.inclusion_tag("panels/case_nrm.html", takes_context=True)
def case_nrm_panel(context, view):
    user = context["user"]
    referrals = referrals_for_case(user=user, case=view.case)
    if referrals is None:
        return {"visible": False}
    return {
        "visible": True,
        "view": view,
        "rows": [(referral, clock_of(referral)) for referral in referrals],
        "guardians": list(ictg_referrals_for_case(user=user, case=view.case)),
        "covered": ictg_area_covered(view.case),
        "can_add": view.case.status == CaseStatus.OPEN,
    }
