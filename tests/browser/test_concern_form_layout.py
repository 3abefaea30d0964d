"""Issue 8 point 15: the live screening and possible-matches panels stay in view while the
signs are ticked: beside the form on a desktop, just above "Record concern" on a phone; and
the form never pushes a 375 px screen sideways."""

import pytest
from playwright.sync_api import expect

from haven.cases.tests.world import build_world
from tests.browser.support import (
    WIDTHS,
    assert_accessible,
    assert_no_sideways_scroll,
    enable_login,
    screenshot,
    sign_in_as,
)


def panel_in_view(page) -> bool:
    box = page.locator("#screening-feedback-panel").bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] < height and box["y"] + box["height"] > 0


@pytest.mark.parametrize("width", WIDTHS)
def test_the_screening_guide_stays_in_view_while_signs_are_ticked(page, width):
    page.set_viewport_size(WIDTHS[width])
    world = build_world()
    officer = world.police.practitioner
    enable_login(officer)
    sign_in_as(page, officer)
    page.goto("/concerns/new/person/")
    page.get_by_label("A child, or may be under 18").check()
    page.get_by_label("Given names").fill("Kayla")
    page.get_by_label("Family name").fill("Morris")
    # A sign far down the form: the guide answers it where the user is.
    page.get_by_label("Sexual activity with adults").check()
    expect(page.locator("#screening-feedback")).to_contain_text("Exploitation types: sexual")
    if width == "desktop":
        assert panel_in_view(page), "the screening guide scrolled out of view"
    else:
        # On a phone the guide sits just above the button that records the concern.
        before_submit = page.evaluate(
            """() => {
                const panels = document.getElementById("live-panels");
                const button = document.querySelector("#concern-form button[type=submit]");
                return !!(panels.compareDocumentPosition(button)
                          & Node.DOCUMENT_POSITION_FOLLOWING);
            }"""
        )
        assert before_submit
        page.get_by_role("button", name="Record concern").scroll_into_view_if_needed()
        assert panel_in_view(page)
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    screenshot(page, f"concern-form-live-panels-{width}")
