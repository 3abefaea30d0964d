"""Photographs for tests, made here with Pillow: a JPEG carrying EXIF with a GPS location and a
camera name, and a PNG; ``profile_for`` starts a profile through the service."""

import io

from PIL import Image

from haven.philomena.services import profile_save

GPS_IFD = 0x8825
MAKE = 0x010F
LATITUDE = (53.0, 23.0, 12.5)  # Warrington, more or less


def jpeg_with_gps(size=(64, 48)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[MAKE] = "Phone camera"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: LATITUDE, 3: "W", 4: (2.0, 35.0, 0.0)})
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def png(size=(20, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 10)).save(out, format="PNG")
    return out.getvalue()


def profile_for(actor, person, **values):
    return profile_save(actor=actor, person=person, expected_version=None, **values)
