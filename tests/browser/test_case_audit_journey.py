"""Issue 15, point 4. Warrington's auditor draws a random sample of the cases Warrington leads,
is asked why a timeliness answer short of "met" was given, reads the sampled case (read-only:
no way to add a note), grades it, adds an action that becomes a task, and completes the audit,
after which the case is not found. Axe-checked, and on a 375 px phone screen without sideways
scrolling."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from haven.actions.models import Task
from haven.case_audits.models import Question
from haven.cases.tests.world import build_world, open_case
from tests.browser.support import (
    assert_accessible,
    assert_no_sideways_scroll,
    enable_login,
    fill_date,
    screenshot,
    sign_in_as,
)


def test_an_auditor_draws_a_sample_and_grades_a_sampled_case(page, live_server):
    world = build_world()
    case = open_case(world, given_name="Amira", family_name="Haddad")
    auditor = world.auditor
    enable_login(auditor)
    sign_in_as(page, auditor)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Case audits").click()
    page.get_by_role("link", name="Start a case audit").click()
    page.get_by_label("Title").fill("Warrington quarter 3 audit")
    page.get_by_label("Sample size").fill("1")
    page.get_by_label("Seed (random sample only)").fill("2016")
    assert_accessible(page)
    screenshot(page, "case-audit-01-start")
    page.get_by_role("button", name="Draw the sample").click()
    expect(page.get_by_text("Sample drawn: 1 case.")).to_be_visible()
    expect(
        page.get_by_text("Random sample of the cases that meet the criteria (seed 2016)")
    ).to_be_visible()
    sample = page.get_by_role("table", name="Sampled cases")
    expect(sample).to_contain_text("Amira Haddad")
    assert_accessible(page)
    screenshot(page, "case-audit-02-sample")

    sample.get_by_role("link", name=case.reference).click()
    # Reading the case: the auditor sees it, and has no way to add to it.
    page.get_by_role("link", name="Read the case").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amira Haddad")
    expect(page.get_by_role("link", name="Add a note")).to_have_count(0)
    screenshot(page, "case-audit-03-case-read-only")
    page.go_back()

    for question in Question:
        page.get_by_role("group", name=question.label).get_by_label("Met", exact=True).check()
    page.get_by_role("group", name="Timeliness").get_by_label("Partly met").check()
    page.get_by_label("Good").check()
    page.get_by_role("button", name="Save grades").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Say why timeliness was partly met"
    )
    assert_accessible(page)
    screenshot(page, "case-audit-04-comment-missing")
    page.get_by_label("Comment on timeliness").fill("The strategy meeting was on day 5.")
    page.get_by_label("Findings").fill("A joined-up response; the NRM referral was prompt.")
    page.get_by_role("button", name="Save grades").click()
    expect(page.get_by_text(f"Case {case.reference} graded.")).to_be_visible()
    expect(page.get_by_role("table", name="Sampled cases")).to_contain_text("Good")

    page.get_by_role("link", name=case.reference).click()
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("Action", exact=True).fill("Hold strategy meetings within three working days")
    page.get_by_label("Team that owns the action").select_option(
        label=f"{case.lead_team.name}, {case.lead_agency.name}"
    )
    fill_date(page, "due_on", timezone.localdate() + timedelta(days=14))
    assert_accessible(page)
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_text(f"Action added: a task for {case.lead_team.name}.")).to_be_visible()
    assert Task.objects.filter(case=case, code="audit_action").exists()
    page.set_viewport_size({"width": 375, "height": 812})
    assert_no_sideways_scroll(page)
    screenshot(page, "case-audit-05-graded-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Back to Warrington quarter 3 audit").click()
    page.get_by_role("link", name="Complete the audit").click()
    page.get_by_role("button", name="Complete the audit").click()
    expect(page.get_by_text("Warrington quarter 3 audit completed.")).to_be_visible()
    expect(page.get_by_role("table", name="Sampled cases")).not_to_contain_text("Amira")
    assert_accessible(page)
    screenshot(page, "case-audit-06-completed")
    response = page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert response.status == 404
