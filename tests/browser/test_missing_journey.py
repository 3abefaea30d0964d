"""Issue 12: a child goes missing from a residential children's home and comes back. The home's
worker reports her missing from the case page, adds the police reference and downloads the
Philomena grab pack for the police (part 2 from this episode). She is found at an adult's
address and the return asks for a return home interview within 72 hours. The worker cannot
offer the interview (not independent of the placement); the lead practitioner records it, held
by the independent service, with a disclosure that raises a new concern in the same step. The
case shows the missing history beside the sexual exploitation and trafficking screening, on a
375 px phone screen too."""

import re
from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from haven.accounts.models import TeamFunction
from haven.accounts.tests.factories import TeamFactory
from haven.actions.models import Task
from haven.audit.models import AuditEvent, Verb
from haven.cases.models import Concern, ConcernStatus
from haven.cases.tests.world import build_world, open_case
from haven.missing.models import MissingEpisode
from haven.philomena.tests.images import profile_for
from tests.browser.support import (
    WIDTHS,
    assert_accessible,
    assert_no_sideways_scroll,
    enable_login,
    fill_date,
    make_user,
    screenshot,
    sign_in_as,
    sign_out,
)


def _moment(page, name: str, at) -> None:
    """The date boxes and the 24-hour time box of ``<name>_on`` / ``<name>_time``."""
    fill_date(page, f"{name}_on", at.date())
    page.locator(f"#id_{name}_time").fill(f"{at:%H:%M}")


def test_report_a_child_missing_her_return_and_the_return_home_interview(page):
    world = build_world()
    warrington = world.la("warrington")
    case = open_case(world)
    # A worker of Warrington's own children's home: the authority's staff see its cases.
    home = TeamFactory(
        agency=warrington.agency, name="Orford Lane children's home", function=TeamFunction.GENERAL
    )
    worker = make_user(
        email="home.worker@warrington.test",
        full_name="Priya Shah",
        agency=warrington.agency,
        team=home,
    )
    enable_login(warrington.practitioner)
    # Amira is looked after: her Philomena Protocol profile is kept ready.
    profile_for(warrington.practitioner, case.person, hair="Black, in braids", height="160 cm")
    now = timezone.localtime().replace(second=0, microsecond=0)
    last_seen, reported = now - timedelta(hours=6), now - timedelta(hours=5)
    to_police, returned = now - timedelta(hours=4), now - timedelta(hours=3)
    offered, held = now - timedelta(hours=2), now - timedelta(hours=1)

    # 1. The home's worker reports Amira missing from the case page.
    sign_in_as(page, worker)
    page.goto(f"/cases/{case.pk}/")
    expect(page.get_by_role("heading", name="Missing history")).to_be_visible()
    page.get_by_role("link", name="Report the child missing").click()
    expect(page.get_by_role("heading", name="Report a child missing")).to_be_visible()
    _moment(page, "reported_missing", reported)
    page.get_by_label("Residential children's home").check()
    page.get_by_role("group", name="Is the child looked after").get_by_label("Yes").check()
    _moment(page, "last_seen", last_seen)
    page.get_by_label("Where last seen (optional)").fill("Leaving the home towards the station")
    page.get_by_label("Who with (optional)").fill("An older man in a silver car")
    page.get_by_label("Clothing (optional)").fill("Pink hoodie, black leggings, white trainers")
    assert_accessible(page)
    screenshot(page, "missing-01-report-a-child-missing")
    page.get_by_role("button", name="Report missing").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Missing episode recorded.")
    expect(page.get_by_role("heading", name="Missing episode")).to_be_visible()
    expect(page.locator("main .govuk-tag").first).to_have_text("Missing")
    episode = MissingEpisode.objects.get(person=case.person)
    assert episode.case == case and episode.reported_by_team == home

    # 2. The police reference, once the police give it.
    page.get_by_role("link", name="Change police report").click()
    _moment(page, "reported_to_police", to_police)
    page.get_by_label("Police reference").fill("CH-MFH-26-00412")
    page.get_by_label("Police risk level").select_option("high")
    assert_accessible(page)
    page.get_by_role("button", name="Save police report").click()
    expect(page.locator("#police-reference")).to_contain_text("CH-MFH-26-00412 (risk: high)")
    assert_accessible(page)
    screenshot(page, "missing-02-episode-with-police-reference")

    # 2b. The grab pack for the police in one click: the profile kept ready, and part 2 (when
    # and where last seen, clothing, the police reference) from this episode.
    page.goto(f"/people/{case.person.pk}/philomena-profile/")
    with page.expect_download() as downloading:
        page.get_by_role("button", name="Download the grab pack (PDF)").click()
    assert Path(downloading.value.path()).read_bytes().startswith(b"%PDF")
    export = AuditEvent.objects.filter(verb=Verb.GRAB_PACK_EXPORTED).latest("pk")
    assert export.actor == worker and export.changes["missing_now"] is True
    page.goto(f"/missing-episodes/{episode.pk}/")

    # 3. Found at an adult's address: the return asks for the interview within 72 hours.
    page.get_by_role("link", name="Record the return or finding").click()
    _moment(page, "returned", returned)
    page.get_by_label("Address where found (optional)").fill("Flat 2, 40 Orford Lane, Warrington")
    page.get_by_label("Postcode (optional)").fill("wa2 7ab")
    page.get_by_label("Name of anyone the child was found with (optional)").fill("Dean Hollis")
    page.get_by_label("How the child returned (optional)").fill("Found by the police")
    assert_accessible(page)
    page.get_by_role("button", name="Record return").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "A return home interview is due within 72 hours."
    )
    due = returned + timedelta(hours=72)
    clock = page.locator("#interview-clock")
    expect(clock).to_contain_text("Interview due")
    expect(clock).to_contain_text(f"due by {due:%A} {due.day} {due:%B %Y, %H:%M}")
    expect(page.get_by_text("Flat 2, 40 Orford Lane, Warrington, WA2 7AB")).to_be_visible()
    task = Task.objects.get(case=case, code="return_home_interview")
    assert task.due_at == returned + timedelta(hours=72)
    assert_accessible(page)
    screenshot(page, "missing-03-returned-interview-due")

    # 4. The home's worker may not offer the interview: not independent of the placement.
    page.get_by_role("link", name="Record a return home interview").click()
    _moment(page, "offered", offered)
    page.get_by_label("I did").check()
    page.get_by_label("The person who offered the interview is independent").check()
    page.get_by_label("Accepted and held").check()
    _moment(page, "held", held)
    page.get_by_label("Held by (if held)").fill("Priya Shah")
    page.get_by_role("button", name="Save interview").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The interview must be offered by someone independent of the placement"
    )
    assert_accessible(page)
    screenshot(page, "missing-04-interview-not-independent")
    sign_out(page)

    # 5. The lead practitioner records the interview held by the independent service, and
    # Amira's disclosure raises a new concern in the same step.
    sign_in_as(page, warrington.practitioner)
    page.goto(f"/missing-episodes/{episode.pk}/return-interview/")
    _moment(page, "offered", offered)
    page.get_by_label("Someone else", exact=True).check()
    page.get_by_label("Their name (if someone else)").fill("Jo Whitfield")
    page.get_by_label("Their organisation (if someone else)").fill(
        "Pan Cheshire return home interview service"
    )
    page.get_by_label("The person who offered the interview is independent").check()
    page.get_by_label("Accepted and held").check()
    _moment(page, "held", held)
    page.get_by_label("Held by (if held)").fill("Jo Whitfield")
    page.get_by_label("The child's account").fill("Went to a flat with Dee and another girl.")
    page.get_by_label("Why they went").fill("Dee said there would be a party.")
    page.get_by_label("Information on staying safe given").check()
    page.get_by_label("Disclosure (optional)").fill(
        "Dee gives her vodka and asks her to be nice to his friends at the flat."
    )
    page.get_by_label("Sexual activity with adults").check()
    page.get_by_label("Found at an adult's address").check()
    assert_accessible(page)
    screenshot(page, "missing-05-return-home-interview")
    page.get_by_role("button", name="Save interview").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Return home interview recorded."
    )
    expect(page.locator("#interview-clock")).to_contain_text("Interview within 72 hours")
    expect(page.get_by_role("link", name="New concern raised")).to_be_visible()
    concern = Concern.objects.filter(person=case.person).latest("pk")
    assert concern.status == ConcernStatus.AWAITING_DECISION
    assert "vodka" in concern.description
    task.refresh_from_db()
    assert task.status == "done"
    assert_accessible(page)
    screenshot(page, "missing-06-interview-held-concern-raised")

    # 6. The case: the missing history beside the sexual exploitation and trafficking screening.
    page.get_by_role("link", name="Back to the case").click()
    history = page.locator("#missing-section")
    expect(history).to_contain_text("Missing episodes")
    expect(history).to_contain_text("Screening for sexual exploitation and trafficking")
    expect(history).to_contain_text("Dean Hollis")
    expect(history).to_contain_text("Interview within 72 hours")
    expect(history.get_by_role("link", name=re.compile(f"{reported.day} "))).to_be_visible()
    assert_accessible(page)
    history.scroll_into_view_if_needed()
    screenshot(page, "missing-07-case-missing-history")

    # 7. On a phone the page does not scroll sideways (the table scrolls in its own box).
    page.set_viewport_size(WIDTHS["phone"])
    page.goto(f"/cases/{case.pk}/#missing")
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    screenshot(page, "missing-08-case-on-a-phone")
    page.goto(f"/missing-episodes/{episode.pk}/")
    assert_no_sideways_scroll(page)
    screenshot(page, "missing-09-episode-on-a-phone")
