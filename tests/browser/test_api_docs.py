"""The browsable API documentation renders from local files under the site's CSP (the page
fixture fails the test on any CSP violation)."""

from playwright.sync_api import expect

from tests.browser.support import make_user, screenshot, sign_in_as


def test_api_docs_render_locally_without_csp_violations(page):
    sign_in_as(page, make_user(email="practitioner@health.test"))
    page.goto("/api/docs/")
    expect(page.get_by_text("Haven API").first).to_be_visible(timeout=15000)
    expect(page.get_by_text("/api/v1/screening/assess").first).to_be_visible()
    expect(page.get_by_text("/api/v1/concerns/").first).to_be_visible()
    screenshot(page, "api-docs")
