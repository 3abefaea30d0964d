"""Issue: safe and usable for practitioners, point 3 (work is lost). A police officer typing a
concern loses nothing when the session ends, when they go back and submit again, or when the
timeout warning signs them out; at desktop width and on a 375 px phone screen."""

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import expect

from haven.accounts.tests.factories import TEST_PASSWORD
from haven.cases.models import Concern
from haven.cases.tests.world import build_world
from tests.browser.support import (
    WIDTHS,
    assert_accessible,
    enable_login,
    fill_date,
    screenshot,
    sign_in_as,
)

TYPED = "Seen at 1am with two older men outside the takeaway on Bridge Street."


def type_concern(page, family_name: str) -> None:
    page.goto("/concerns/new/person/")
    page.get_by_label("A child, or may be under 18").check()
    page.get_by_label("Given names").fill("Keira")
    page.get_by_label("Family name").fill(family_name)
    page.get_by_label("What did you see or were you told?").fill(TYPED)
    fill_date(page, "occurred_on", timezone.localdate() - timedelta(days=1))
    page.get_by_label("Time").fill("01:00")
    page.get_by_label("Sexual activity with adults").check()
    page.locator("#id_immediate_danger_1").check()
    page.get_by_label("Warrington").check()


def sign_in_here(page, user) -> None:
    """Sign in from the sign-in page the browser is on, so it goes back where it came from."""
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Use a backup code").click()
    page.get_by_label("Backup code").fill("a1b2c3d4")
    page.get_by_role("button", name="Continue").click()


@pytest.mark.parametrize("width", WIDTHS)
def test_concern_typed_when_the_session_ends_is_kept(page, width):
    page.set_viewport_size(WIDTHS[width])
    world = build_world()
    officer = world.police.practitioner
    enable_login(officer)
    sign_in_as(page, officer)
    type_concern(page, "Walsh")
    Session.objects.all().delete()  # 30 minutes idle

    page.get_by_role("button", name="Record concern").click()
    expect(page.get_by_text("What you typed has been kept")).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"no-work-lost-01-signed-out-kept-{width}")
    sign_in_here(page, officer)

    expect(page).to_have_url(re.compile("/concerns/new/person/$"))
    expect(page.get_by_label("What did you see or were you told?")).to_have_value(TYPED)
    expect(page.get_by_label("Family name")).to_have_value("Walsh")
    expect(page.get_by_label("Sexual activity with adults")).to_be_checked()
    screenshot(page, f"no-work-lost-02-form-back-{width}")
    assert not Concern.objects.exists()
    page.get_by_role("button", name="Record concern").click()
    expect(page.get_by_role("heading", name="Concern recorded")).to_be_visible()
    assert Concern.objects.get().description == TYPED


def test_back_and_submit_again_records_one_concern(page):
    world = build_world()
    officer = world.police.practitioner
    enable_login(officer)
    sign_in_as(page, officer)
    type_concern(page, "Doyle")
    page.get_by_role("button", name="Record concern").click()
    expect(page.get_by_role("heading", name="Concern recorded")).to_be_visible()

    page.go_back()
    expect(page.get_by_role("heading", name="Record a concern")).to_be_visible()
    if not page.get_by_label("What did you see or were you told?").input_value():
        type_concern(page, "Doyle")  # a browser that does not restore the fields: typed again
    page.get_by_role("button", name="Record concern").click()
    expect(page.get_by_text("It has not been recorded twice")).to_be_visible()
    assert Concern.objects.count() == 1
    screenshot(page, "no-work-lost-03-recorded-once")


def test_timeout_warning_stay_signed_in_then_signed_out_keeping_the_form(page, settings):
    # The warning comes 5 s after each page (time to type), the sign-out 20 s after "Stay".
    settings.SESSION_COOKIE_AGE = 20
    settings.SESSION_WARNING_SECONDS = 15
    world = build_world()
    officer = world.police.practitioner
    enable_login(officer)
    sign_in_as(page, officer)
    type_concern(page, "Hughes")

    dialog = page.get_by_role("dialog", name="You're about to be signed out")
    expect(dialog).to_be_visible(timeout=15_000)
    assert_accessible(page)
    screenshot(page, "no-work-lost-04-timeout-warning")
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()

    # Nobody answers the second warning: the form is kept and the officer signed out.
    expect(page.get_by_text("What you typed has been kept")).to_be_visible(timeout=30_000)
    sign_in_here(page, officer)
    expect(page.get_by_label("What did you see or were you told?")).to_have_value(TYPED)
    expect(page.get_by_label("Family name")).to_have_value("Hughes")
