"""The network API's contract, the exports (GraphML and FollowTheMoney) and the network page:
each honours the handling code and is audited (decision 0029)."""

import json

import networkx as nx
import pytest
from django.urls import reverse
from followthemoney import model

from haven.audit.models import AuditEvent, Verb
from haven.intelligence.tests.network_support import ago, network_scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(world):
    return network_scene(world)


def _export(api, user, root, format, **params):
    return api(user).get("/api/v1/intelligence/export/", {"root": root, "format": format, **params})


def test_the_network_answers_exactly_the_contract(world, scene, api):
    response = api(world.la("warrington").practitioner).get(
        "/api/v1/network/", {"root": f"case:{scene.amira.pk}", "hops": 2}
    )
    assert response.status_code == 200
    body = response.json()
    assert {"nodes", "edges"} <= set(body)
    for node in body["nodes"]:
        assert set(node) == {"id", "type", "label", "restricted"}
    for edge in body["edges"]:
        assert set(edge) == {"from", "to", "link_type", "occurred_on", "grading"}
    assert {
        "from": f"case:{scene.amira.pk}",
        "to": f"entity:{scene.car.pk}",
        "link_type": "collected_by",
        "occurred_on": ago(20).isoformat(),
        "grading": "2CP",
    } in body["edges"]
    assert {"id": "restricted:1", "type": "case", "label": "Restricted", "restricted": True} in (
        body["nodes"]
    )
    assert body["truncated"] is False


def test_the_network_filters_by_link_type_date_and_grading(world, scene, api):
    response = api(world.la("warrington").practitioner).get(
        "/api/v1/network/",
        {"root": f"case:{scene.amira.pk}", "link_type": ["found_at"], "since": ago(12)},
    )
    assert [edge["link_type"] for edge in response.json()["edges"]] == ["found_at"]
    graded = api(world.la("warrington").practitioner).get(
        "/api/v1/network/", {"root": f"case:{scene.amira.pk}", "min_grading": "1A"}
    )
    assert {edge["grading"] for edge in graded.json()["edges"]} == {"1AP"}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"root": "case:1", "hops": 3}, "hops"),
        ({"root": "nothing"}, "root"),
        ({"root": "case:1", "min_grading": "9Z"}, "min_grading"),
        ({"root": "case:1", "link_type": ["likes"]}, "link_type"),
    ],
)
def test_an_unreadable_request_is_400(world, scene, api, params, field):
    response = api(scene.analyst).get("/api/v1/network/", params)
    assert response.status_code == 400
    assert any(key.split(".")[0] == field for key in response.json()["errors"])


def test_a_c_link_never_reaches_another_agency_through_the_api(world, scene, api):
    raw = json.dumps(
        api(scene.analyst).get("/api/v1/network/", {"root": f"entity:{scene.flat.pk}"}).json()
    )
    assert raw.count('"restricted": true') == 2  # Amira and Bea; Sam is not there at all
    assert "Halton only" not in raw


def test_graphml_parses_and_keeps_restricted_nodes_without_detail(world, scene, api):
    response = _export(
        api, world.la("warrington").practitioner, f"case:{scene.amira.pk}", "graphml", hops=2
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/graphml+xml"
    assert "attachment" in response["Content-Disposition"]
    graph = nx.parse_graphml(response.content.decode())
    assert graph.number_of_nodes() == 5 and graph.number_of_edges() == 4
    restricted = [data for _, data in graph.nodes(data=True) if data["restricted"]]
    assert [data["label"] for data in restricted] == ["Restricted", "Restricted"]
    text = response.content.decode()
    for secret in (scene.bea.reference, "Dean", f"case:{scene.bea.pk}", f"case:{scene.sam.pk}"):
        assert secret not in text


def test_ftm_entities_validate_and_leave_restricted_nodes_out(world, scene, api):
    response = _export(api, scene.analyst, f"entity:{scene.car.pk}", "ftm", hops=2)
    assert response.status_code == 200
    entities = [json.loads(line) for line in response.content.decode().splitlines()]
    proxies = [model.get_proxy(item, cleaned=False) for item in entities]
    for proxy in proxies:
        # Every property is one the schema has, with a value of its type.
        assert model.get_proxy(proxy.to_dict()).to_dict() == proxy.to_dict()
    schemata = sorted(proxy.schema.name for proxy in proxies)
    # The car, Dean and his phone; Dean owns the car, uses the phone; Amira is restricted.
    assert schemata == ["Ownership", "Person", "UnknownLink", "UserAccount", "Vehicle"]
    [car] = [proxy for proxy in proxies if proxy.schema.name == "Vehicle"]
    assert car.get("registrationNumber") == ["AB12CDE"]
    [owns] = [proxy for proxy in proxies if proxy.schema.name == "Ownership"]
    assert owns.get("asset") == [car.id]


def test_a_c_link_is_in_neither_export_for_another_agency(world, scene, api):
    halton = world.la("halton").practitioner
    for format in ("graphml", "ftm"):
        own = _export(api, halton, f"case:{scene.bea.pk}", format).content.decode()
        assert f"case-{scene.sam.pk}" in own or f"case:{scene.sam.pk}" in own
        other = _export(api, scene.analyst, f"entity:{scene.flat.pk}", format).content.decode()
        assert str(scene.sam.reference) not in other
        assert f"case:{scene.sam.pk}" not in other and f"case-{scene.sam.pk}" not in other
    graph = nx.parse_graphml(
        _export(api, scene.analyst, f"entity:{scene.flat.pk}", "graphml").content.decode()
    )
    assert graph.number_of_nodes() == 3


def test_an_export_is_audited_with_what_it_held(world, scene, api):
    _export(api, scene.analyst, f"entity:{scene.car.pk}", "ftm", hops=2)
    event = AuditEvent.objects.get(verb=Verb.NETWORK_EXPORTED)
    assert event.changes == {
        "root": f"entity:{scene.car.pk}",
        "format": "ftm",
        "nodes": 3,
        "edges": 2,
        "hops": 2,
        "cases": [],
    }


def test_an_unknown_format_is_400_and_not_audited(world, scene, api):
    response = _export(api, scene.analyst, f"entity:{scene.car.pk}", "csv")
    assert response.status_code == 400
    assert "format" in response.json()["errors"]
    assert not AuditEvent.objects.filter(verb=Verb.NETWORK_EXPORTED).exists()


def test_the_page_shows_the_table_and_the_graph_data(world, scene, verified_client):
    client = verified_client(world.la("warrington").practitioner)
    response = client.get(
        reverse("intelligence:network"), {"root": f"case:{scene.amira.pk}", "hops": "2"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Flat 2, 14 Bridge Street, WA1 1AA" in content
    assert content.count("Restricted</strong>") == 2
    assert 'id="network-data"' in content and "cytoscape.min.js" in content
    assert scene.bea.reference not in content


def test_the_page_filters_without_javascript(world, scene, verified_client):
    client = verified_client(world.la("warrington").practitioner)
    response = client.get(
        reverse("intelligence:network"),
        {"root": f"case:{scene.amira.pk}", "link_type": "collected_by"},
    )
    content = response.content.decode()
    assert "AB12CDE" in content and "Flat 2" not in content


def test_the_page_explains_a_bad_filter_on_its_field(world, scene, verified_client):
    client = verified_client(world.la("warrington").practitioner)
    response = client.get(
        reverse("intelligence:network"),
        {
            "root": f"case:{scene.amira.pk}",
            "since": ago(1).isoformat(),
            "until": ago(3).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "The end date must be the same as or after the start date" in response.content.decode()


def test_the_page_download_is_the_export(world, scene, verified_client):
    client = verified_client(scene.analyst)
    response = client.get(
        reverse("intelligence:network_export"),
        {"root": f"entity:{scene.car.pk}", "format": "graphml"},
    )
    assert response.status_code == 200
    assert nx.parse_graphml(response.content.decode()).number_of_nodes() == 3
    assert AuditEvent.objects.filter(verb=Verb.NETWORK_EXPORTED).count() == 1
