"""The network around a case or an entity (decision 0029): one and two hops, filters,
restricted nodes, and a ``C`` link absent with everything reachable only through it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.factories import CaseShareFactory
from haven.intelligence import network as network_module
from haven.intelligence.network import NetworkFilters, network_for_user, network_view_for_user
from haven.intelligence.tests.factories import EntityFactory, LinkFactory
from haven.intelligence.tests.network_support import ago, network_scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(world):
    return network_scene(world)


def _ids(network):
    return {node.id for node in network.nodes}


def _edges(network):
    return {(edge.source, edge.link_type, edge.target) for edge in network.edges}


def test_one_hop_from_a_case_shows_what_its_child_is_linked_to(world, scene):
    network = network_for_user(world.la("warrington").practitioner, f"case:{scene.amira.pk}")
    amira, flat, car = f"case:{scene.amira.pk}", f"entity:{scene.flat.pk}", f"entity:{scene.car.pk}"
    assert network.nodes[0].id == amira
    assert _ids(network) == {amira, flat, car}
    assert _edges(network) == {(amira, "found_at", flat), (amira, "collected_by", car)}
    assert network.node(flat).label == "Flat 2, 14 Bridge Street, WA1 1AA"
    assert network.node(car).type == "vehicle"
    assert network.node(amira).label == scene.amira.reference
    [collected] = [edge for edge in network.edges if edge.link_type == "collected_by"]
    assert (collected.occurred_on, collected.grading) == (ago(20), "2CP")


def test_two_hops_show_other_children_and_entities_as_restricted(world, scene):
    network = network_for_user(
        world.la("warrington").practitioner, f"case:{scene.amira.pk}", hops=2
    )
    restricted = [node for node in network.nodes if node.restricted]
    # Bea (another authority's child, at the flat) and Dean (who owns the car).
    assert sorted(node.type for node in restricted) == ["case", "entity"]
    assert {node.label for node in restricted} == {"Restricted"}
    assert {node.id for node in restricted} == {"restricted:1", "restricted:2"}
    shown = " ".join(f"{node.id} {node.label}" for node in network.nodes)
    for secret in (f"case:{scene.bea.pk}", scene.bea.reference, "Dean", f"entity:{scene.dean.pk}"):
        assert secret not in shown
    assert len(network.edges) == 4


def test_a_c_link_is_absent_with_the_child_reachable_only_through_it(world, scene):
    flat = f"entity:{scene.flat.pk}"
    analyst_view = network_for_user(scene.analyst, flat)
    # Amira and Bea, restricted (the analyst sees no case's intelligence); Sam's C link absent.
    assert len(analyst_view.nodes) == 3 and len(analyst_view.edges) == 2
    warrington = network_for_user(
        world.la("warrington").practitioner, f"case:{scene.amira.pk}", hops=2
    )
    assert len([node for node in warrington.nodes if node.type == "case"]) == 2
    # Halton recorded it: for Halton, Sam's link exists and Sam is Halton's own child.
    halton = network_for_user(world.la("halton").practitioner, f"case:{scene.bea.pk}", hops=2)
    assert f"case:{scene.sam.pk}" in _ids(halton)


def test_a_c_link_reaches_the_agencies_its_conditions_name(world, scene):
    scene.sam_at_flat.shared_with_agencies.add(world.police.agency)
    network = network_for_user(scene.analyst, f"entity:{scene.flat.pk}")
    assert len(network.nodes) == 4


def test_the_police_c_link_exists_for_the_police_only(world, scene):
    dean = f"entity:{scene.dean.pk}"
    assert f"entity:{scene.phone.pk}" in _ids(network_for_user(scene.analyst, dean))
    CaseShareFactory(case=scene.amira, agency=world.la("halton").agency, sections=["intelligence"])
    # Through a share Halton sees Amira's case, so the car; Dean's phone is still absent.
    halton = network_for_user(world.la("halton").manager, f"case:{scene.amira.pk}", hops=2)
    assert f"entity:{scene.car.pk}" in _ids(halton)
    assert not any(edge.link_type == "uses" for edge in halton.edges)


def test_the_network_does_not_go_on_through_a_restricted_node(world, scene):
    # From the flat, Bea is restricted to the analyst: the den, linked only to Bea, is not shown.
    network = network_for_user(scene.analyst, f"entity:{scene.flat.pk}", hops=2)
    assert f"entity:{scene.den.pk}" not in _ids(network)
    assert len(network.nodes) == 3
    # Halton leads Bea's case, so for Halton the network goes on through Bea to the den.
    halton = network_for_user(world.la("halton").practitioner, f"case:{scene.bea.pk}", hops=2)
    assert f"entity:{scene.den.pk}" in _ids(halton)


def test_two_hops_from_an_entity_for_an_analyst(world, scene):
    network = network_for_user(scene.analyst, f"entity:{scene.car.pk}", hops=2)
    car, dean, phone = (f"entity:{e.pk}" for e in (scene.car, scene.dean, scene.phone))
    assert {car, dean, phone} <= _ids(network)
    assert (dean, "uses", phone) in _edges(network)
    assert network.node(dean).label == "Dean Kerr"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (NetworkFilters(link_types=frozenset({"collected_by"})), {"collected_by"}),
        (NetworkFilters(since=ago(15)), {"found_at"}),
        (NetworkFilters(until=ago(15)), {"collected_by"}),
        (NetworkFilters(min_grading="1A"), {"found_at"}),
        (NetworkFilters(min_grading="2C"), {"found_at", "collected_by"}),
    ],
)
def test_filters_by_link_type_date_and_grading(world, scene, filters, expected):
    network = network_for_user(
        world.la("warrington").practitioner, f"case:{scene.amira.pk}", filters=filters
    )
    assert {edge.link_type for edge in network.edges} == expected


def test_a_root_the_user_may_not_see_is_not_found(world, scene):
    with pytest.raises(Http404):
        network_for_user(world.la("warrington").practitioner, f"case:{scene.bea.pk}")
    with pytest.raises(Http404):
        # The den is linked only to Bea's case, which Warrington may not see.
        network_for_user(world.la("warrington").practitioner, f"entity:{scene.den.pk}")
    with pytest.raises(Http404):
        network_for_user(scene.analyst, "entity:999999")


def test_a_role_without_intelligence_is_refused(world, scene):
    with pytest.raises(PermissionDenied):
        network_for_user(world.auditor, f"case:{scene.amira.pk}")


@pytest.mark.parametrize(
    ("root", "hops", "filters", "field"),
    [
        ("person:1", 1, NetworkFilters(), "root"),
        ("case:1", 3, NetworkFilters(), "hops"),
        ("case:1", 1, NetworkFilters(min_grading="4A"), "min_grading"),
        ("case:1", 1, NetworkFilters(link_types=frozenset({"likes"})), "link_types"),
        ("case:1", 1, NetworkFilters(since=ago(1), until=ago(2)), "until"),
    ],
)
def test_an_unreadable_request_names_its_field(world, scene, root, hops, filters, field):
    with pytest.raises(ValidationError) as refused:
        network_for_user(scene.analyst, root, hops=hops, filters=filters)
    assert field in refused.value.message_dict


def test_a_hub_is_cut_to_the_newest_links_and_says_so(world, scene, monkeypatch):
    for _ in range(6):
        LinkFactory(from_entity=EntityFactory(), to_entity=scene.flat, recorded_by=scene.analyst)
    monkeypatch.setattr(network_module, "MAX_NODES", 5)
    network = network_for_user(scene.analyst, f"entity:{scene.flat.pk}")
    assert network.truncated
    assert len(network.nodes) == 5
    assert not network_for_user(scene.analyst, f"entity:{scene.car.pk}").truncated


def test_the_queries_do_not_grow_with_the_network(world, scene):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            network_for_user(scene.analyst, f"entity:{scene.flat.pk}", hops=2)
        return len(captured)

    def add_people(count: int, start: int) -> None:
        for number in range(start, start + count):
            person = EntityFactory(
                entity_type="person_of_concern", name=f"Person {number}", line="", postcode=""
            )
            LinkFactory(from_entity=person, to_entity=scene.flat, recorded_by=scene.analyst)
            LinkFactory(from_entity=person, to_entity=EntityFactory(), recorded_by=scene.analyst)

    add_people(1, start=0)
    before = queries()
    add_people(15, start=1)
    assert queries() == before


def test_viewing_the_network_is_audited_with_the_child_at_its_root(world, scene):
    user = world.la("warrington").practitioner
    network_view_for_user(user, f"case:{scene.amira.pk}", hops=2)
    event = AuditEvent.objects.get(verb=Verb.VIEWED, target_type="intelligence.network")
    assert event.target_id == f"case:{scene.amira.pk}"
    assert event.person_id == scene.amira.person_id
    assert event.changes == {"hops": 2, "cases": [scene.amira.pk]}


def test_the_network_link_shows_only_to_those_who_may_open_it(world, scene):
    page = Template('{% load network_links %}{% network_link "case" pk %}')
    lead = page.render(Context({"user": world.la("warrington").practitioner, "pk": scene.amira.pk}))
    assert "See this child&#x27;s network" in lead and f"root=case%3A{scene.amira.pk}" in lead
    other = page.render(Context({"user": world.la("halton").practitioner, "pk": scene.amira.pk}))
    assert "network" not in other
