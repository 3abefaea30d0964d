"""Issue 14's journey: three children from two authorities (two of Halton's, one of Warrington's)
are found at the same flat over a month, each return recorded by the police. The flat becomes a
hotspot. A police analyst reads the alert, opens the hotspot, its network (graph and table) and
exports it as GraphML and as FollowTheMoney entities. Halton's practitioner reads the same alert
naming Halton's own children only, the Warrington child counted, and opens the hotspot."""

import json
from pathlib import Path

from django.urls import reverse
from playwright.sync_api import expect

from haven.accounts.roles import Role
from haven.cases.tests.world import build_world, open_case
from haven.intelligence.models import Hotspot
from haven.missing.tests.support import bring_back, report
from tests.browser.support import (
    assert_accessible,
    assert_no_sideways_scroll,
    enable_login,
    make_user,
    screenshot,
    sign_in_as,
    sign_out,
)

FLAT = {"found_at_address": "Flat 3, 14 Bridge Street", "found_at_postcode": "wa7 1ab"}
DAY = 24


def _found_at_the_flat(world, case, *, days_ago: int) -> None:
    police = world.police.practitioner
    episode = report(police, case.person, hours_ago=days_ago * DAY + 6)
    bring_back(police, episode, hours_ago=days_ago * DAY, found_with="", **FLAT)


def test_a_hotspot_from_three_children_reaches_the_analyst_and_halton(page, live_server):
    world = build_world()
    analyst = make_user(
        email="analyst@police.test",
        role=Role.ANALYST,
        agency=world.police.agency,
        team=world.police.team,
    )
    josh = open_case(world, "halton", given_name="Josh", family_name="Reid")
    paige = open_case(world, "halton", given_name="Paige", family_name="Lunt")
    callum = open_case(world, "warrington", given_name="Callum", family_name="Barr")
    for case, days_ago in ((josh, 30), (callum, 16), (paige, 3)):
        _found_at_the_flat(world, case, days_ago=days_ago)
    hotspot = Hotspot.objects.get(active=True)
    assert hotspot.children == 3
    halton = world.la("halton").practitioner
    enable_login(analyst, halton)

    # 1. The analyst's alert names the flat and every case is only counted (analysts see no case).
    sign_in_as(page, analyst)
    page.goto(f"{live_server.url}{reverse('notifications:list')}")
    alerts = page.locator("main")
    expect(alerts).to_contain_text("Flat 3, 14 Bridge Street, WA7 1AB")
    expect(alerts).to_contain_text("3 children from Halton and Warrington")
    expect(alerts).not_to_contain_text("Josh Reid")
    assert_accessible(page)
    screenshot(page, "intelligence-hotspot-01-analyst-alert")

    # 2. The hotspot, with its history, and its network: graph over the table.
    page.goto(f"{live_server.url}{reverse('intelligence:hotspots')}")
    assert_accessible(page)
    page.get_by_role("link", name="Flat 3, 14 Bridge Street, WA7 1AB").first.click()
    expect(page.locator("#hotspot-summary")).to_contain_text("3")
    expect(page.locator("#hotspot-history")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "intelligence-hotspot-02-analyst-hotspot")
    page.get_by_role("link", name="See this entity's network").click()
    table = page.locator("#network-links")
    expect(table).to_contain_text("Found at")
    expect(table).to_contain_text("Restricted")
    expect(page.locator("#network-graph canvas").first).to_be_attached()
    assert page.evaluate("() => window.havenNetwork.nodes().length") == 4
    assert_accessible(page)
    screenshot(page, "intelligence-hotspot-03-analyst-network")

    # 3. Both exports, audited: GraphML and FollowTheMoney.
    with page.expect_download() as graphml:
        page.get_by_role("link", name="Download as GraphML").click()
    assert graphml.value.suggested_filename.endswith(".graphml")
    assert "<graphml" in Path(graphml.value.path()).read_text(encoding="utf-8")
    with page.expect_download() as ftm:
        page.get_by_role("link", name="Download as FollowTheMoney").click()
    lines = Path(ftm.value.path()).read_text(encoding="utf-8").splitlines()
    schemata = {json.loads(line)["schema"] for line in lines}
    assert "RealEstate" in schemata
    assert not any("Josh" in line or "Paige" in line or "Callum" in line for line in lines)
    page.set_viewport_size({"width": 375, "height": 812})
    assert_no_sideways_scroll(page)
    sign_out(page)

    # 4. Halton's practitioner: Halton's two children named, Warrington's only counted.
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_as(page, halton)
    page.goto(f"{live_server.url}{reverse('notifications:list')}")
    alerts = page.locator("main")
    expect(alerts).to_contain_text("Josh Reid")
    expect(alerts).to_contain_text("Paige Lunt")
    expect(alerts).not_to_contain_text("Callum")
    expect(alerts).to_contain_text("1 other case you cannot see")
    assert_accessible(page)
    screenshot(page, "intelligence-hotspot-04-halton-alert")
    page.goto(f"{live_server.url}{reverse('intelligence:hotspot', args=[hotspot.pk])}")
    expect(page.locator("#hotspot-cases")).to_contain_text("Josh Reid")
    expect(page.locator("#hotspot-cases")).not_to_contain_text("Callum")
    expect(page.locator("#hotspot-others")).to_contain_text("1 other case you cannot see")
    assert_accessible(page)
    screenshot(page, "intelligence-hotspot-05-halton-hotspot")
