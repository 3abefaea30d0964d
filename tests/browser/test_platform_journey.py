"""Issue: platform. Sign in with two factors, see the home page, sign out."""

from playwright.sync_api import expect

from haven.accounts.tests.factories import TEST_PASSWORD
from tests.browser.support import assert_accessible, log_in, make_user, screenshot


def test_sign_in_with_two_factors_see_start_page_and_sign_out(page):
    make_user(email="manager@warrington.test", role="manager", full_name="Sam Carter")
    page.goto("/")
    expect(page.get_by_role("heading", name="Sign in to Haven")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "platform-01-sign-in")

    log_in(page, email="manager@warrington.test", password=TEST_PASSWORD, backup_code="a1b2c3d4")
    # A manager's home page is their work; what the role can do is folded beneath it.
    expect(page.get_by_role("heading", name="My work", exact=True)).to_be_visible()
    expect(page.get_by_text("What you can do as manager")).to_be_visible()
    expect(page.get_by_text("Sam Carter")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "platform-02-start-page")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in to Haven")).to_be_visible()
    page.goto("/")
    expect(page.get_by_role("heading", name="Sign in to Haven")).to_be_visible()


def test_wrong_backup_code_keeps_the_user_out(page):
    make_user(email="practitioner@halton.test")
    log_in(page, email="practitioner@halton.test", password=TEST_PASSWORD, backup_code="99999999")
    expect(page.get_by_role("heading", name="Sign in to Haven")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
