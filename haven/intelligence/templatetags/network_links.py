"""A link to the network view, for the case page's intelligence panel and the entity page:
``{% load network_links %}{% network_link "case" case.pk %}``. Shown only to those who may
open that network (the door decides, through ``network.network_root_visible``)."""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from haven.intelligence.network import CASE, network_root_visible

register = template.Library()


@register.inclusion_tag("intelligence/includes/network_link.html", takes_context=True)
def network_link(context, kind: str, pk: int):
    root = f"{kind}:{pk}"
    if not network_root_visible(context["user"], root):
        return {"visible": False}
    return {
        "visible": True,
        "href": f"{reverse('intelligence:network')}?{urlencode({'root': root, 'hops': 2})}",
        "text": "See this child's network" if kind == CASE else "See this entity's network",
    }
