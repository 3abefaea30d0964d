"""Intelligence pages. Thin: the network module asks the access door (decisions 0026, 0029)."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render

from haven.intelligence.exports import FORMATS, network_export_for_user
from haven.intelligence.forms import NetworkFilterForm
from haven.intelligence.network import ENTITY, network_view_for_user

# --- Network view and exports (decision 0029) ----------------------------------------------


def network(request):
    """The network around a case or an entity: a table of its links (the page itself) and,
    with JavaScript, the same links drawn as a graph."""
    query = request.GET.copy()
    query.setdefault("hops", "1")
    form = NetworkFilterForm(query)
    found = None
    if form.is_valid():
        try:
            found = network_view_for_user(
                request.user,
                form.cleaned_data["root"],
                hops=form.cleaned_data["hops"] or 1,
                filters=form.filters(),
            )
        except ValidationError as error:
            if "root" in error.message_dict:
                raise Http404("Not found") from None
            form.add_service_errors(error)
    elif "root" in form.errors:
        raise Http404("Not found")
    nodes = {node.id: node for node in found.nodes} if found else {}
    return render(
        request,
        "intelligence/network.html",
        {
            "form": form,
            "network": found,
            "root": nodes.get(found.root) if found else None,
            "rows": [(nodes[e.source], e, nodes[e.target]) for e in found.edges] if found else [],
            "graph": _graph(found) if found else None,
            "root_is_entity": bool(found and found.root.startswith(f"{ENTITY}:")),
            "downloads": [
                (key, label, f"{query.urlencode()}&format={key}") for key, label in FORMATS.items()
            ],
        },
    )


def _graph(found) -> dict:
    """What the page's script draws (read from a json_script element: no inline script)."""
    return {
        "root": found.root,
        "nodes": [node.__dict__ for node in found.nodes],
        "edges": [
            {"from": edge.source, "to": edge.target, "label": edge.link_type_label}
            for edge in found.edges
        ],
    }


def network_export(request):
    """The network as a file, from the page's download buttons (the same as the API's)."""
    form = NetworkFilterForm(request.GET)
    if not form.is_valid():
        raise Http404("Not found")
    try:
        export = network_export_for_user(
            request.user,
            form.cleaned_data["root"],
            format=request.GET.get("format", ""),
            hops=form.cleaned_data["hops"] or 1,
            filters=form.filters(),
        )
    except ValidationError:
        raise Http404("Not found") from None
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
