"""Issue: matching. A health user starts a concern for "Mohamad Ali", giving only the year of
birth, and sees the possible match to "Muhammad Aly (alias Mo)", 16, born 1 January of that year
by an age assessment, known to Halton, shown only as "possibly known to Halton children's social
care".

Issue 8, point 7 ("merging blind"): Halton's manager compares the police's record of Mohamad Ali
with Halton's Muhammad Aly side by side, as far as Halton may see each, merges them, reads the
merge confirmed in words and undoes it."""

import re

from playwright.sync_api import expect

from haven.cases.tests.world import build_world, date_of_birth_for_age, open_case
from haven.matching.models import DuplicateCandidate
from haven.matching.services import candidate_agree_merge, duplicates_find
from haven.matching.tests.pairs import muhammad_aly_and_mohamad_ali
from haven.people.models import Person
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


HIDDEN = "Held by Cheshire Constabulary: you cannot see this record's details"
PHONE = {"width": 375, "height": 812}


def test_manager_compares_two_records_side_by_side_merges_and_undoes(page):
    world = build_world()
    aly, ali = muhammad_aly_and_mohamad_ali(world)
    duplicates_find()
    # The police own Ali's record and agreed first; Halton's agreement makes the merge.
    candidate_agree_merge(
        actor=world.police.manager,
        candidate=DuplicateCandidate.objects.get(),
        survivor=aly,
        reason="Our record duplicates Halton's: same phone.",
    )
    manager = world.la("halton").manager
    enable_login(manager)

    sign_in_as(page, manager)
    page.goto("/duplicates/")
    card = page.locator(".govuk-summary-card", has_text="Muhammad Aly and Mohamad Ali")
    expect(card).to_contain_text("likely the same person")
    expect(card).to_contain_text("Waiting for")
    assert_accessible(page)
    card.get_by_role("link", name=re.compile("Compare and decide")).click()

    table = page.locator("#side-by-side")
    expect(table.get_by_role("row", name=re.compile("^Name"))).to_contain_text("Mohamad Ali")
    expect(table.get_by_role("row", name=re.compile("^Phone numbers"))).to_contain_text(
        "07700 900123"
    )
    expect(table.get_by_role("row", name=re.compile("^Phone numbers"))).to_contain_text(HIDDEN)
    expect(table).not_to_contain_text("CC-2026-000111")
    expect(page.locator("#evidence-for")).to_contain_text("Same phone number")
    expect(page.locator("#survivor")).to_contain_text("Haven keeps Muhammad Aly (the first record)")
    expect(page.locator("#survivor")).to_contain_text("Already agreed: Cheshire Constabulary")
    assert_accessible(page)
    screenshot(page, "matching-02-side-by-side")

    # On a phone the two records stay within the screen: long values wrap.
    page.set_viewport_size(PHONE)
    page.wait_for_function(
        "width => document.documentElement.scrollWidth <= width", arg=PHONE["width"]
    )
    screenshot(page, "matching-03-side-by-side-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_label("Yes: merge them, keeping Muhammad Aly (the first record)").check()
    page.get_by_label("Why").fill("Same boy: same phone, and Mo Ali is the name he gave.")
    page.get_by_role("button", name="Record decision").click()

    banner = page.locator("#merged-banner")
    expect(banner).to_contain_text("Records merged: Muhammad Aly now includes Mohamad Ali")
    assert Person.objects.get(pk=ali.pk).merged_into_id == aly.pk
    assert_accessible(page)
    screenshot(page, "matching-04-records-merged")

    banner.get_by_label("If this was a mistake, say why and undo the merge").fill(
        "Police now say these are two brothers."
    )
    banner.get_by_role("button", name="Undo").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Merge undone: both records are restored."
    )
    expect(page.locator("#merged-banner")).to_have_count(0)
    assert Person.objects.get(pk=ali.pk).merged_into_id is None
    assert_accessible(page)
    screenshot(page, "matching-05-merge-undone")
