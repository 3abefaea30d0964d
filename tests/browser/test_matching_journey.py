"""Issue: matching. A health user starts a concern for "Mohamad Ali", giving only the year of
birth, and sees the possible match to "Muhammad Aly (alias Mo)", 16, born 1 January of that year
by an age assessment, known to Halton, shown only as "possibly known to Halton children's social
care"."""

import re

from playwright.sync_api import expect

from haven.cases.tests.world import build_world, date_of_birth_for_age, open_case
from haven.people.services import alias_add
from tests.browser.support import assert_accessible, enable_login, screenshot, sign_in_as


def test_health_user_sees_only_who_holds_a_possible_match(page):
    world = build_world()
    case = open_case(
        world,
        area="halton",
        given_name="Muhammad",
        family_name="Aly",
        date_of_birth=date_of_birth_for_age(16, month=1, day=1),
        dob_assigned_by_age_assessment=True,
        nationalities=["SD"],
        gender="male",
    )
    alias_add(
        actor=world.police.practitioner, person=case.person, given_name="Mo", family_name="Ali"
    )
    enable_login(world.health.practitioner)

    sign_in_as(page, world.health.practitioner)
    page.goto("/concerns/new/person/")
    page.get_by_label("A child, or may be under 18").check()
    page.get_by_label("Given names").fill("Mohamad")
    page.get_by_label("Family name").fill("Ali")
    page.locator("#id_date_of_birth_2").fill(str(case.person.date_of_birth.year))
    panel = page.locator("#possible-matches-panel")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text(
        re.compile("Possibly known to Halton children's social care, contact Halton front door")
    )
    expect(panel).not_to_contain_text("Muhammad")
    expect(panel).not_to_contain_text("Aly")
    expect(panel.get_by_role("link")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "matching-01-possibly-known-to-halton")
