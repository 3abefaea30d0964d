"""Issue: safe and usable for practitioners, point 3 (work is lost). A police officer typing a
concern loses nothing when the session ends, when they go back and submit again, or when the
timeout warning signs them out; at desktop width and on a 375 px phone screen."""

import re

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from haven.accounts.tests.factories import TEST_PASSWORD
from haven.cases.models import Concern
from tests.browser.support import (
    TYPED_CONCERN,
    WIDTHS,
    assert_accessible,
    police_officer_signed_in,
    screenshot,
    type_concern,
)


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
    officer = police_officer_signed_in(page)
    type_concern(page, "Walsh")
    Session.objects.all().delete()  # 30 minutes idle

    page.get_by_role("button", name="Record concern").click()
    expect(page.get_by_text("What you typed has been kept")).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"no-work-lost-01-signed-out-kept-{width}")
    sign_in_here(page, officer)

    expect(page).to_have_url(re.compile("/concerns/new/person/$"))
    expect(page.get_by_label("What did you see or were you told?")).to_have_value(TYPED_CONCERN)
    expect(page.get_by_label("Family name")).to_have_value("Walsh")
    expect(page.get_by_label("Sexual activity with adults")).to_be_checked()
    screenshot(page, f"no-work-lost-02-form-back-{width}")
    assert not Concern.objects.exists()
    page.get_by_role("button", name="Record concern").click()
    expect(page.get_by_role("heading", name="Concern recorded")).to_be_visible()
    assert Concern.objects.get().description == TYPED_CONCERN


def test_back_and_submit_again_records_one_concern(page):
    police_officer_signed_in(page)
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
    officer = police_officer_signed_in(page)
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
    expect(page.get_by_label("What did you see or were you told?")).to_have_value(TYPED_CONCERN)
    expect(page.get_by_label("Family name")).to_have_value("Hughes")
