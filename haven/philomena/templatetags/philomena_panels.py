"""The case page's Philomena Protocol panel and the profile's template helpers. They call
selectors, which ask the access door."""

from django import template

from haven.core.contact_details import phone_for_people
from haven.philomena.selectors import current_addresses_for_user, profile_panel_for_user

register = template.Library()


@register.inclusion_tag("panels/case_philomena.html", takes_context=True)
def case_philomena_panel(context, view):
    panel = profile_panel_for_user(user=context["user"], person=view.case.person)
    return {"panel": panel}


@register.simple_tag(takes_context=True)
def current_addresses(context, person):
    return current_addresses_for_user(user=context["user"], person=person)


@register.filter
def phone(e164: str) -> str:
    return phone_for_people(e164)
