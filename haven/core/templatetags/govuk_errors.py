"""The GOV.UK error summary's links."""

from django import template

register = template.Library()


@register.filter
def error_anchor(field) -> str:
    """The id an error summary link goes to: the field's own input, or the first input of a
    group (the first radio or checkbox, the day box of a date) whose group has no single
    label to link to."""
    return field.id_for_label or f"{field.auto_id}_0"
