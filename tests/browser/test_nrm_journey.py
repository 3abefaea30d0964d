"""Issue 13: an NRM referral prepared from a case. Cheshire East's social worker starts it from
the case page (prefilled from what the case records) and completes it; a school the case's NRM
section is shared with can check it but not submit it, and is told why and who can; the social
worker marks it submitted with the Home Office reference, then records a positive reasonable
grounds decision."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from haven.cases.tests.world import build_world, open_case, share
from haven.nrm.models import NrmReferral
from haven.nrm.rules import NrmState
from tests.browser.support import (
    assert_accessible,
    assert_no_sideways_scroll,
    enable_login,
    fill_date,
    screenshot,
    sign_in_as,
    sign_out,
)

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def test_prepare_submit_and_record_a_decision_on_an_nrm_referral(page):
    world = build_world()
    case = open_case(world, area="cheshire_east")
    share(world, case, world.school, ["nrm"])
    social_worker = world.la("cheshire_east").practitioner
    school = world.school.practitioner
    enable_login(social_worker, school)

    # 1. The social worker starts a referral from the case page.
    sign_in_as(page, social_worker)
    page.goto(f"/cases/{case.pk}/")
    expect(page.get_by_role("heading", name="NRM referrals and guardians")).to_be_visible()
    page.get_by_role("button", name="Start an NRM referral").click()
    expect(page.locator("body")).to_contain_text(
        "Only a First Responder organisation can submit it: here, Cheshire East"
    )
    assert_accessible(page)
    screenshot(page, "nrm-01-start-from-the-case")
    page.get_by_role("button", name="Start the referral").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "NRM referral started from what the case records."
    )
    expect(page.locator("#nrm-state")).to_have_text("Draft (not yet submitted)")
    answers = page.locator("#nrm-answers")
    expect(answers).to_contain_text("Amira Haddad")
    referral = NrmReferral.objects.get()

    # 2. She completes what happened and checks the types of exploitation.
    page.get_by_role("button", name="Change the answers").click()
    page.get_by_label("What happened").fill(
        "Taken by taxi to addresses in Crewe by adults who gave her alcohol and money."
    )
    page.get_by_label("Child sexual or criminal exploitation").check()
    assert_accessible(page)
    page.get_by_role("button", name="Save the referral").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Referral saved.")
    expect(answers).to_contain_text("Taken by taxi to addresses in Crewe")
    assert_accessible(page)
    screenshot(page, "nrm-02-draft-checked")
    sign_out(page)

    # 3. The school sees the referral but cannot submit it, and is told why and who can.
    sign_in_as(page, school)
    page.goto(f"/nrm-referrals/{referral.pk}/")
    rule = page.locator("#first-responder-rule")
    expect(rule).to_contain_text("Bridgewater Park High School is not a First Responder")
    expect(rule).to_contain_text("It can be submitted by Cheshire East children's social care")
    expect(page.get_by_role("button", name="Mark as submitted")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "nrm-03-school-cannot-submit")
    response = page.goto(f"/nrm-referrals/{referral.pk}/submit/")
    assert response.status == 403
    expect(page.locator("#first-responder-refusal")).to_contain_text(
        "Only a First Responder organisation can submit an NRM referral"
    )
    assert_accessible(page)
    screenshot(page, "nrm-04-school-told-why")
    assert NrmReferral.objects.get().state == NrmState.DRAFT
    sign_out(page)

    # 4. The social worker marks it submitted with the Home Office reference.
    sign_in_as(page, social_worker)
    page.goto(f"/nrm-referrals/{referral.pk}/")
    page.get_by_role("button", name="Mark as submitted").click()
    page.get_by_role("button", name="Mark as submitted").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the Home Office reference")
    assert_accessible(page)
    submitted_on = timezone.localdate() - timedelta(days=1)
    fill_date(page, "submitted_on", submitted_on)
    page.get_by_label("Home Office reference").fill("NRM-2041-7733")
    screenshot(page, "nrm-05-mark-as-submitted")
    page.get_by_role("button", name="Mark as submitted").click()
    expect(page.locator("#nrm-state")).to_have_text(
        "Submitted, awaiting a reasonable grounds decision"
    )
    submission = page.locator("#nrm-submission")
    expect(submission).to_contain_text("NRM-2041-7733")
    expect(submission).to_contain_text(f"{submitted_on:%-d %B %Y}")
    assert_accessible(page)
    screenshot(page, "nrm-06-submitted")

    # 5. A conclusive grounds decision cannot come first; a positive reasonable grounds can.
    page.get_by_role("button", name="Record a decision").click()
    page.get_by_label("Positive conclusive grounds").check()
    fill_date(page, "decided_on", timezone.localdate())
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "the referral is submitted, awaiting a reasonable grounds decision"
    )
    assert_accessible(page)
    screenshot(page, "nrm-07-impossible-decision-refused")
    page.get_by_label("Positive reasonable grounds").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#nrm-state")).to_have_text("Positive reasonable grounds")
    expect(page.locator("#nrm-decisions")).to_contain_text("Positive reasonable grounds")
    assert_accessible(page)
    screenshot(page, "nrm-08-reasonable-grounds-positive")

    # 6. On a phone the referral fits the screen.
    page.set_viewport_size(PHONE)
    page.reload()
    assert_no_sideways_scroll(page)
    screenshot(page, "nrm-09-on-a-phone")
    page.set_viewport_size(DESKTOP)
    page.goto(f"/cases/{case.pk}/#nrm")
    expect(page.locator("#nrm-table")).to_contain_text(re.compile("Positive reasonable grounds"))
    assert_accessible(page)
    screenshot(page, "nrm-10-on-the-case-page")
