"""A person's age in words, wherever a child is named."""

from django import template
from django.utils import timezone

from haven.people.age import age_description

register = template.Library()


@register.filter
def born(person) -> str:
    """ "born 4 March 2012 (14)", "about 15 (estimated date of birth)" or "age not known"."""
    return age_description(
        person.date_of_birth,
        dob_precision=person.dob_precision,
        dob_assigned_by_age_assessment=person.dob_assigned_by_age_assessment,
        today=timezone.localdate(),
    )
