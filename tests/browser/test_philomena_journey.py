"""Issue 12, point 4: a Philomena Protocol profile kept ready. Warrington's social worker (the
lead authority) opens the child's case, starts the profile from it (a wrong phone number is
refused on its field first), adds associates, a place whose postcode was typed in lower case and
a phone, then a photograph taken on a phone (with its GPS location, which Haven removes); the
profile fits a 375 px phone screen; the grab pack PDF downloads in one click. Halton's social
worker, who has no access to the child, gets "Page not found" for the profile."""

import io
import re
import zlib
from pathlib import Path

from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from haven.cases.tests.world import build_world, open_case
from haven.philomena.models import ProfilePhotograph
from haven.philomena.services import PHONE_WRONG
from haven.philomena.tests.images import GPS_IFD, jpeg_with_gps
from tests.browser.support import (
    WIDTHS,
    assert_accessible,
    assert_no_sideways_scroll,
    enable_login,
    screenshot,
    sign_in_as,
    sign_out,
)


def _pdf_streams(pdf: bytes) -> bytes:
    """The PDF's streams, inflated: WeasyPrint compresses them, the bookmarks (made from the
    headings) included."""
    inflated = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            inflated.append(zlib.decompress(match.group(1)))
        except zlib.error:
            inflated.append(match.group(1))
    return b"\n".join(inflated)


def test_keep_a_profile_with_a_photograph_and_download_the_grab_pack(page):
    world = build_world()
    warrington, halton = world.la("warrington"), world.la("halton")
    case = open_case(world)
    child = case.person
    enable_login(warrington.practitioner, halton.practitioner)

    # 1. From the child's case, the social worker starts the profile.
    sign_in_as(page, warrington.practitioner)
    page.goto(f"/cases/{case.pk}/")
    panel = page.locator("#philomena-section")
    expect(panel).to_contain_text("No profile yet.")
    panel.get_by_role("link", name="Start the Philomena Protocol profile").click()
    expect(page.get_by_role("heading", name="Start the Philomena Protocol profile")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "philomena-01-start-the-profile")

    # 2. Part 1, with a phone number that cannot be one: refused on its field, nothing saved.
    page.get_by_label("Hair").fill("Black, in braids")
    page.get_by_label("Vulnerabilities").fill(
        "Groomed online by older men; goes missing at weekends."
    )
    page.get_by_label("Name (1)").fill("Dean Hollis")
    page.get_by_label("Who they are to the child (1)").fill("adult she calls her boyfriend")
    page.get_by_label("What the place is (1)").fill("Takeaway where she meets him")
    page.get_by_label("Address (optional) (1)").fill("12 Bridge Street, Warrington")
    page.get_by_label("Postcode (optional) (1)").fill("wa1 4ab")
    page.get_by_label("Phone number (1)").fill("12")
    page.get_by_label("Whose phone (optional) (1)").fill("her own")
    page.get_by_role("button", name="Save the profile").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(PHONE_WRONG)
    phone_group = page.locator(
        ".govuk-form-group--error", has=page.get_by_label("Phone number (1)")
    )
    expect(phone_group).to_contain_text(PHONE_WRONG)
    assert not child.philomena_profiles.exists()
    assert_accessible(page)
    screenshot(page, "philomena-02-wrong-phone-refused")

    page.get_by_label("Phone number (1)").fill("07700 900982")
    page.get_by_role("button", name="Save the profile").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Philomena Protocol profile saved."
    )
    places = page.locator("main")
    expect(places).to_contain_text("12 Bridge Street, Warrington, WA1 4AB")
    expect(places).to_contain_text("07700 900982 (her own)")
    expect(places).to_contain_text("Dean Hollis, adult she calls her boyfriend")
    today = timezone.localdate()
    expect(page.locator("#reviewed")).to_contain_text(f"Last reviewed {today.day} ")
    assert_accessible(page)
    screenshot(page, "philomena-03-profile-saved")

    # 3. A photograph taken on a phone, with its GPS location: stored without it.
    page.get_by_role("link", name="Add a photograph").click()
    assert_accessible(page)
    page.get_by_label("Upload a photograph").set_input_files(
        {"name": "amira.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps((240, 320))}
    )
    page.get_by_role("button", name="Save the photograph").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Photograph saved.")
    photo = page.get_by_role("img", name=f"Photograph of {child.full_name}")
    expect(photo).to_be_visible()
    served = page.request.get(f"/people/{child.pk}/philomena-profile/photograph.jpg")
    assert served.status == 200 and served.headers["content-type"] == "image/jpeg"
    with Image.open(io.BytesIO(served.body())) as image:
        exif = image.getexif()
        assert not exif and not exif.get_ifd(GPS_IFD)
    assert ProfilePhotograph.objects.filter(profile__person=child).count() == 1
    assert_accessible(page)
    screenshot(page, "philomena-04-photograph-added")

    # 4. On a phone, the profile and its form stay within the screen.
    page.set_viewport_size(WIDTHS["phone"])
    page.reload()
    assert_no_sideways_scroll(page)
    screenshot(page, "philomena-05-profile-on-a-phone")
    page.goto(f"/people/{child.pk}/philomena-profile/edit/")
    assert_no_sideways_scroll(page)
    page.set_viewport_size(WIDTHS["desktop"])

    # 5. The grab pack, in one click: a PDF naming the child.
    page.goto(f"/people/{child.pk}/philomena-profile/")
    with page.expect_download() as downloading:
        page.get_by_role("button", name="Download the grab pack (PDF)").click()
    download = downloading.value
    assert download.suggested_filename == f"grab-pack-{child.pk}.pdf"
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert child.full_name.encode() in _pdf_streams(pdf)
    sign_out(page)

    # 6. Another authority's social worker, without access to the child: not found.
    sign_in_as(page, halton.practitioner)
    response = page.goto(f"/people/{child.pk}/philomena-profile/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(child.full_name)
    assert_accessible(page)
    screenshot(page, "philomena-06-no-access-not-found")
