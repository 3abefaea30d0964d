"""Issue 14, point 4: the network view. An analyst opens the network around the car that
collected Amira: the table lists its links, Cytoscape.js draws the same graph (restricted
nodes as "Restricted"), a filter by link type narrows the table, the GraphML download is the
export, and on a 375 px phone the page does not scroll sideways. Warrington's practitioner
opens Amira's network: Bea (another authority's child) is "Restricted" and Sam's ``C`` link is
absent."""

from django.urls import reverse
from playwright.sync_api import expect

from haven.cases.tests.world import build_world
from haven.intelligence.tests.network_support import network_scene
from tests.browser.support import (
    assert_accessible,
    assert_no_sideways_scroll,
    enable_login,
    screenshot,
    sign_in_as,
)


def test_an_analyst_opens_and_exports_a_network(page, live_server):
    world = build_world()
    scene = network_scene(world)
    enable_login(scene.analyst, world.la("warrington").practitioner)

    sign_in_as(page, scene.analyst)
    page.goto(
        f"{live_server.url}{reverse('intelligence:network')}?root=entity:{scene.car.pk}&hops=2"
    )
    table = page.locator("#network-links")
    expect(table).to_contain_text("Dean Kerr")
    expect(table).to_contain_text("+447700900123")
    expect(table).to_contain_text("Restricted")
    # The graph is drawn: Cytoscape's canvas, with every node of the table.
    expect(page.locator("#network-graph canvas").first).to_be_attached()
    assert page.evaluate("() => window.havenNetwork.nodes().length") == 4
    assert page.evaluate(
        "() => window.havenNetwork.nodes('[kind = \"restricted\"]').map(n => n.data('label'))"
    ) == ["Restricted"]
    assert_accessible(page)
    screenshot(page, "intelligence-network-01-analyst-graph-and-table")

    page.get_by_text("Filter links").click()
    page.get_by_label("Owns").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(table).to_contain_text("Owns")
    expect(table).not_to_contain_text("+447700900123")
    assert page.evaluate("() => window.havenNetwork.edges().length") == 1
    assert_accessible(page)
    screenshot(page, "intelligence-network-02-filtered")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as GraphML").click()
    assert download.value.suggested_filename == f"network-entity-{scene.car.pk}.graphml"

    page.set_viewport_size({"width": 375, "height": 812})
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    screenshot(page, "intelligence-network-03-phone")


def test_a_practitioner_sees_other_children_only_as_restricted(page, live_server):
    world = build_world()
    scene = network_scene(world)
    practitioner = world.la("warrington").practitioner
    enable_login(practitioner)

    sign_in_as(page, practitioner)
    page.goto(
        f"{live_server.url}{reverse('intelligence:network')}?root=case:{scene.amira.pk}&hops=2"
    )
    table = page.locator("#network-links")
    expect(table).to_contain_text("Flat 2, 14 Bridge Street, WA1 1AA")
    expect(table.get_by_text("Restricted")).to_have_count(2)
    content = page.content()
    assert scene.bea.reference not in content and scene.sam.reference not in content
    assert_accessible(page)
    screenshot(page, "intelligence-network-04-practitioner")
