"""A profile's photograph: read from its content (JPG or PNG, ``haven.core.uploads``), decoded
and re-encoded as a JPEG with Pillow so that nothing but the pixels survives (no EXIF, no GPS
location, no camera or editing data), turned the right way up first. Kept in the documents'
storage under ``philomena/``, random names and no URL (decision 0015); served only through the
access-checked, audited view. Pure apart from the storage helpers."""

import io
from dataclasses import dataclass

from django.core.files.storage import Storage, storages
from PIL import Image, ImageOps, UnidentifiedImageError

from haven.core.uploads import JPG, PNG, FileRefused, extensions_of, names_of, new_stored_name

PHOTO_TYPES = (JPG, PNG)
PHOTO_NAMES = names_of(PHOTO_TYPES)
PHOTO_EXTENSIONS = extensions_of(PHOTO_TYPES)
STORED_CONTENT_TYPE = "image/jpeg"
# A photograph larger than this is scaled down: enough for a poster, small enough to send.
LONGEST_SIDE = 2000
# Refused before decoding: a small file can claim a huge image (a "decompression bomb").
MAX_PIXELS = 50_000_000
UNREADABLE = f"The selected file must be a {PHOTO_NAMES} photograph that can be opened"
FOLDER = "philomena/"


@dataclass(frozen=True)
class Reencoded:
    content: bytes
    width: int
    height: int


def reencoded(data: bytes) -> Reencoded:
    """The photograph as a new JPEG made from its pixels alone; ``FileRefused`` if Pillow cannot
    read it as an image."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise FileRefused(UNREADABLE)
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
            pixels = upright.convert("RGB")
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
        raise FileRefused(UNREADABLE) from None
    # Nothing read from the file is written back: no EXIF, ICC profile, comment or XMP.
    pixels.info = {}
    out = io.BytesIO()
    pixels.save(out, format="JPEG", quality=88, optimize=True)
    return Reencoded(content=out.getvalue(), width=pixels.width, height=pixels.height)


def photo_storage() -> Storage:
    return storages["documents"]


def new_photo_name() -> str:
    return new_stored_name(FOLDER)
