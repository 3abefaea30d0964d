"""A network exported for analysts' tools (decision 0029): GraphML (``networkx``) for graph
tools, FollowTheMoney entities (the ``followthemoney`` library's JSON, one entity a line) for
investigative tools such as Aleph.

Both are made from ``network.network_for_user``, so a ``C`` link the viewer's agency may not
see, and anything reachable only through it, is in neither. GraphML keeps the page's
"restricted" nodes as placeholders with no detail (the shape of the graph is what graph tools
read); FtM leaves them and their links out, since an FtM entity is a statement about one real
thing and placeholders would be read, and merged, as one. A child's case is exported only as
its reference, never the child's name. Each export is audited (``network_exported``).
"""

import json
from dataclasses import dataclass

import networkx as nx
from django.core.exceptions import ValidationError
from followthemoney import model
from followthemoney.proxy import EntityProxy

from haven.audit.models import Verb
from haven.audit.services import audit_record
from haven.intelligence.models import Entity, EntityType, LinkType
from haven.intelligence.network import Network, NetworkFilters, network_for_user

GRAPHML, FTM = "graphml", "ftm"
FORMATS = {GRAPHML: "GraphML", FTM: "FollowTheMoney"}


@dataclass(frozen=True)
class Export:
    content: str
    content_type: str
    filename: str


# --- GraphML -------------------------------------------------------------------------------


def network_graphml(network: Network) -> str:
    graph = nx.MultiDiGraph(root=network.root, hops=network.hops, truncated=network.truncated)
    for node in network.nodes:
        graph.add_node(node.id, type=node.type, label=node.label, restricted=node.restricted)
    for edge in network.edges:
        graph.add_edge(
            edge.source,
            edge.target,
            key=f"link:{edge.link_id}",
            link_type=edge.link_type,
            label=edge.link_type_label,
            occurred_on=edge.occurred_on.isoformat(),
            grading=edge.grading,
        )
    return "\n".join(nx.generate_graphml(graph)) + "\n"


# --- FollowTheMoney ------------------------------------------------------------------------

# Each kind of entity as the FtM schema that says what it is. An address is a place people are
# found at, owned or lived in (FtM's ``RealEstate``, a thing that links can reach; FtM's own
# ``Address`` is only a property of other things). A phone is an account with a telephone
# provider (``UserAccount`` with its ``phone``): FtM has no schema for a phone line itself.
SCHEMATA = {
    EntityType.ADDRESS: "RealEstate",
    EntityType.VEHICLE: "Vehicle",
    EntityType.PHONE: "UserAccount",
    EntityType.PERSON_OF_CONCERN: "Person",
    EntityType.ONLINE_ACCOUNT: "UserAccount",
    EntityType.BUSINESS: "Company",
    EntityType.GROUP: "Organization",
}
# A link as the FtM relationship of the same meaning, (schema, from property, to property),
# used when both ends are of the kinds it joins; any other link is an UnknownLink.
RELATIONSHIPS = {
    LinkType.OWNS: ("Ownership", "owner", "asset"),
    LinkType.MEMBER_OF: ("Membership", "member", "organization"),
    LinkType.WORKS_AT: ("Employment", "employee", "employer"),
    LinkType.ASSOCIATE_OF: ("Associate", "person", "associate"),
}


def _ftm_id(node_id: str) -> str:
    return "haven-" + node_id.replace(":", "-")


def _ftm_entity(node_id: str, entity: Entity | None, label: str) -> EntityProxy:
    if entity is None:
        # A child's case: its reference only, never the child's name.
        proxy = model.make_entity("Person")
        proxy.add("name", label)
        proxy.add("notes", "A child's case in Haven: ask its lead authority.")
    else:
        proxy = model.make_entity(SCHEMATA[entity.entity_type])
        values = {
            EntityType.ADDRESS: {
                "name": entity.label,
                "address": entity.label,
                "latitude": entity.latitude,
                "longitude": entity.longitude,
            },
            EntityType.VEHICLE: {
                "name": entity.registration,
                "registrationNumber": entity.registration,
                "country": entity.platform.lower(),
            },
            EntityType.PHONE: {"name": entity.number, "phone": entity.number},
            EntityType.ONLINE_ACCOUNT: {
                "name": entity.label,
                "username": entity.name,
                "service": entity.platform,
            },
        }.get(entity.entity_type, {"name": entity.label})
        for prop, value in values.items():
            if value not in (None, ""):
                proxy.add(prop, str(value), quiet=True)
        if entity.description:
            proxy.add("notes", entity.description, quiet=True)
    proxy.id = _ftm_id(node_id)
    return proxy


def _ftm_link(edge, proxies: dict[str, EntityProxy]) -> EntityProxy:
    start, end = proxies[edge.source], proxies[edge.target]
    schema_name, from_prop, to_prop = RELATIONSHIPS.get(
        edge.link_type, ("UnknownLink", "subject", "object")
    )
    schema = model.get(schema_name)
    fits = start.schema.is_a(schema.get(from_prop).range) and end.schema.is_a(
        schema.get(to_prop).range
    )
    if not fits:
        schema_name, from_prop, to_prop = ("UnknownLink", "subject", "object")
    proxy = model.make_entity(schema_name)
    proxy.id = f"haven-link-{edge.link_id}"
    proxy.add(from_prop, start.id)
    proxy.add(to_prop, end.id)
    # Associate calls the role its "relationship".
    role = "role" if "role" in proxy.schema.properties else "relationship"
    proxy.add(role, edge.link_type_label)
    proxy.add("startDate", edge.occurred_on.isoformat())
    proxy.add("summary", f"Graded {edge.grading} (3x5x2)")
    return proxy


def network_ftm(network: Network) -> list[dict]:
    """The network's entities and links as FtM entities; restricted nodes left out."""
    proxies = {
        node.id: _ftm_entity(node.id, network.entities.get(node.id), node.label)
        for node in network.nodes
        if not node.restricted
    }
    links = [
        _ftm_link(edge, proxies)
        for edge in network.edges
        if edge.source in proxies and edge.target in proxies
    ]
    return [proxy.to_dict() for proxy in [*proxies.values(), *links]]


# --- The export, audited -------------------------------------------------------------------


def network_export_for_user(
    user, root: str, *, format: str, hops: int = 2, filters: NetworkFilters | None = None
) -> Export:
    """The network around ``root`` as the user may see it, in ``format``; audited."""
    if format not in FORMATS:
        raise ValidationError({"format": "Choose GraphML or FollowTheMoney"})
    network = network_for_user(user, root, hops=hops, filters=filters)
    name = network.root.replace(":", "-")
    if format == GRAPHML:
        export = Export(
            network_graphml(network), "application/graphml+xml", f"network-{name}.graphml"
        )
        nodes, edges = len(network.nodes), len(network.edges)
    else:
        entities = network_ftm(network)
        export = Export(
            "".join(json.dumps(item, sort_keys=True) + "\n" for item in entities),
            "application/x-ndjson",
            f"network-{name}.ftm.json",
        )
        links = sum(1 for item in entities if model.get(item["schema"]).edge)
        nodes, edges = len(entities) - links, links
    audit_record(
        actor=user,
        verb=Verb.NETWORK_EXPORTED,
        target=("intelligence.network", network.root),
        person_id=network.root_person_id,
        changes={
            "root": network.root,
            "format": format,
            "nodes": nodes,
            "edges": edges,
            "hops": network.hops,
            "cases": network.case_ids,
        },
    )
    return export
