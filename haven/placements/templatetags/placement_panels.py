"""The case page's placement panel. It calls one selector, which asks the access door and gives
None when the user may not see the case's placement section."""

from django import template

from haven.placements.selectors import placement_panel_for_user

register = template.Library()


@register.inclusion_tag("panels/case_placements.html", takes_context=True)
def case_placements_panel(context, view):
    panel = placement_panel_for_user(user=context["user"], case=view.case)
    return {"visible": panel is not None, "panel": panel, "view": view}
