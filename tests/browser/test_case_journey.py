"""Issue: people, concerns and cases. A police practitioner raises a concern about a
14-year-old from Warrington; the Warrington front door accepts it into a case and shares it with
the school for 30 days; the school sees only the shared sections; Halton gets "not found" and,
in search, only "known to Warrington children's social care"."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from haven.cases.models import Case
from haven.cases.tests.world import build_world, date_of_birth_for_age
from tests.browser.support import (
    assert_accessible,
    enable_login,
    fill_date,
    screenshot,
    sign_in_as,
    sign_out,
)


def test_concern_front_door_case_share_and_need_to_know(page):
    world = build_world()
    warrington = world.la("warrington")
    halton = world.la("halton")
    enable_login(
        world.police.practitioner,
        warrington.manager,
        world.school.practitioner,
        halton.practitioner,
    )

    # 1. The police practitioner records a concern about a new child.
    sign_in_as(page, world.police.practitioner)
    page.goto("/concerns/new/")
    page.get_by_role("button", name="Record a concern about someone new").click()
    page.get_by_label("A child, or may be under 18").check()
    page.get_by_label("Given names").fill("Jade")
    page.get_by_label("Family name").fill("Foster")
    fill_date(page, "date_of_birth", date_of_birth_for_age(14))
    page.get_by_label("Exact").check()
    page.get_by_label("What did you see or were you told?").fill(
        "Seen at 11pm getting into a taxi paid for by an unrelated man outside the school."
    )
    fill_date(page, "occurred_on", timezone.localdate() - timedelta(days=1))
    page.get_by_label("Time").fill("23:00")
    page.get_by_label("Where did it happen?").fill("Bridgewater Park High School gates")
    page.get_by_label("Transport arranged by an adult").check()
    page.get_by_label("Sexual activity with adults").check()
    page.locator("#id_immediate_danger_1").check()
    page.get_by_label("Warrington").check()
    expect(page.locator("#screening-feedback")).to_contain_text("Potential victim")
    assert_accessible(page)
    screenshot(page, "cases-01-police-records-concern")
    page.get_by_role("button", name="Record concern").click()
    expect(page.get_by_text("front door", exact=False).first).to_be_visible()
    screenshot(page, "cases-02-concern-recorded")
    sign_out(page)

    # 2. The Warrington front door manager accepts it into a new case.
    sign_in_as(page, warrington.manager)
    page.goto("/front-door/")
    expect(page.get_by_role("cell", name=re.compile("^Jade Foster"))).to_be_visible()
    assert_accessible(page)
    screenshot(page, "cases-03-front-door-queue")
    page.get_by_role("link", name=re.compile("Decide")).first.click()
    page.get_by_label("Accept into a new case").check()
    page.get_by_role("button", name=re.compile("Save|Record|Confirm")).click()
    case = Case.objects.get(person__family_name="Foster")
    expect(page).to_have_url(re.compile(f"/cases/{case.pk}/"))
    expect(page.get_by_role("heading", name=re.compile("Jade Foster"))).to_be_visible()
    assert_accessible(page)
    screenshot(page, "cases-04-case-opened")

    # 3. Share it with the school for 30 days: chronology and meetings only.
    page.get_by_role("button", name="Share this case").click()
    page.get_by_label("Agency to share with").select_option(label=world.school.agency.name)
    page.get_by_label("Chronology").check()
    page.get_by_label("Strategy meetings").check()
    page.get_by_label("Why do they need it?").fill(
        "The school sees Jade daily and must support her safety plan."
    )
    page.get_by_label(re.compile("Sch. 1 para 18")).check()
    assert_accessible(page)
    screenshot(page, "cases-05-share-with-school")
    page.get_by_role("button", name=re.compile("Share")).click()
    expect(page.get_by_text(world.school.agency.name).first).to_be_visible()
    sign_out(page)

    # 4. The school sees only the shared sections.
    sign_in_as(page, world.school.practitioner)
    page.goto(f"/cases/{case.pk}/")
    expect(page.get_by_role("heading", name="Chronology")).to_be_visible()
    expect(page.get_by_role("heading", name="Notes")).to_have_count(0)
    expect(page.get_by_role("heading", name="People")).to_have_count(0)
    expect(page.get_by_role("heading", name="Sharing")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "cases-06-school-sees-shared-sections")
    sign_out(page)

    # 5. Halton: the case is "not found"; search says only who knows the child.
    sign_in_as(page, halton.practitioner)
    response = page.goto(f"/cases/{case.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    page.goto("/people/search/?q=Foster")
    expect(
        page.get_by_text(re.compile("Known to Warrington children's social care"))
    ).to_be_visible()
    expect(page.get_by_text("Jade")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "cases-07-halton-known-to-search")
