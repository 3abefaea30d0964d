"""Issue 14, point 5. Halton's manager schedules an operational group meeting (a missing date is
explained first), adds the address their child was found at and the child as subjects, agrees a
disruption action about the child (a task of the police's team on the case) and downloads the
minutes. Axe-checked, and the meeting page on a 375 px phone screen without sideways scrolling."""

from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from haven.actions.models import Task
from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.factories import CaseFactory
from haven.cases.tests.world import build_world
from haven.intelligence.tests.factories import EntityFactory, LinkFactory
from tests.browser.support import (
    assert_accessible,
    assert_no_sideways_scroll,
    enable_login,
    fill_date,
    screenshot,
    sign_in_as,
)


def test_schedule_a_meeting_add_subjects_and_an_action_and_download_minutes(page):
    world = build_world()
    halton = world.la("halton")
    case = CaseFactory(lead_agency=halton.agency, lead_team=halton.team)
    address = EntityFactory(line="Flat 2, 41 Victoria Road, Widnes", postcode="WA8 7RT")
    LinkFactory(from_case=case, to_entity=address)
    manager = halton.manager
    enable_login(manager)
    sign_in_as(page, manager)

    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Operational groups"
    ).click()
    page.get_by_role("link", name="Schedule a meeting").click()
    page.get_by_label("Halton", exact=True).check()
    page.get_by_role("button", name="Schedule meeting").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date of the meeting")
    assert_accessible(page)
    screenshot(page, "operational-groups-01-date-missing")
    fill_date(page, "date", timezone.localdate() + timedelta(days=7))
    page.get_by_label("Place").fill("Runcorn police station")
    page.get_by_role("button", name="Schedule meeting").click()
    expect(page.get_by_text("Meeting scheduled: name who is coming.")).to_be_visible()

    page.get_by_role("link", name="Add a subject").click()
    page.get_by_label("Search for a person of concern", exact=False).fill("victoria")
    page.get_by_role("button", name="Search").click()
    assert_accessible(page)
    screenshot(page, "operational-groups-02-subject-search")
    page.get_by_role("button", name="Add Flat 2, 41 Victoria Road, Widnes", exact=False).click()
    page.get_by_role("link", name="Add a subject").click()
    page.get_by_label("Child").select_option(str(case.pk))
    page.get_by_role("button", name="Add child").click()
    expect(page.get_by_text("Child added as a subject.")).to_be_visible()

    child = page.locator(".govuk-summary-card", has_text=case.person.full_name)
    child.get_by_role("link", name="Add an action").click()
    page.get_by_label("What must be done").fill("Joint visit with the police")
    page.get_by_label("Team that owns it").select_option(str(world.police.team.pk))
    fill_date(page, "due_on", timezone.localdate() + timedelta(days=10))
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_text("Action added: it is now a task of the owning team.")).to_be_visible()
    task = Task.objects.get(code="disruption_action")
    assert (task.case, task.team) == (case, world.police.team)
    expect(page.locator(".govuk-summary-card", has_text="Victoria Road")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "operational-groups-03-meeting")
    page.set_viewport_size({"width": 375, "height": 812})
    assert_no_sideways_scroll(page)
    screenshot(page, "operational-groups-04-meeting-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download the minutes (PDF)").click()
    assert Path(downloading.value.path()).read_bytes().startswith(b"%PDF")
    assert AuditEvent.objects.filter(
        verb=Verb.GROUP_MINUTES_EXPORTED, actor=manager, person_id=case.person_id
    ).exists()
