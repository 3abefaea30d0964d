"""What an uploaded file may be, decided from its content, for every kind of upload (a case's
documents, a Philomena profile's photograph): each caller names the types it accepts.

The content type comes from the file's first bytes (its magic numbers, read by the ``filetype``
library), never from what the browser or the file name claims. It must be one of the caller's
allowed types, and the file name's extension must agree with it: a program renamed
``letter.pdf``, or a PDF named ``photo.png``, is refused. Stored files get random names
(``new_stored_name``), never the uploader's. Pure: no database, no storage."""

import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype


@dataclass(frozen=True)
class AllowedType:
    name: str  # as people know it: "PDF", "JPG"
    content_type: str
    extensions: tuple[str, ...]


PDF = AllowedType("PDF", "application/pdf", (".pdf",))
JPG = AllowedType("JPG", "image/jpeg", (".jpg", ".jpeg"))
PNG = AllowedType("PNG", "image/png", (".png",))
DOCX = AllowedType(
    "DOCX",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)

# filetype reads no more than this of a file.
HEAD_BYTES = 8192
FILE_NAME_MAX = 255

# GOV.UK's file upload messages.
EMPTY = "The selected file is empty"


def names_of(types: Sequence[AllowedType]) -> str:
    """ "PDF, JPG, PNG or DOCX"."""
    names = [allowed.name for allowed in types]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def extensions_of(types: Sequence[AllowedType]) -> tuple[str, ...]:
    return tuple(ext for allowed in types for ext in allowed.extensions)


def wrong_type(types: Sequence[AllowedType]) -> str:
    return f"The selected file must be a {names_of(types)}"


def too_large(limit: int) -> str:
    return f"The selected file must be smaller than {size_label(limit)}"


class FileRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def size_label(size: int) -> str:
    """A size as people read it: "850 bytes", "12KB", "2.4MB", "20MB"."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)}KB"
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + "MB"


def file_name_cleaned(name: str) -> str:
    """The last part of the name a browser sent (some send a whole path), without control
    characters, at most 255 characters and keeping its extension. Shown, and offered back on
    download; never used to store the file."""
    name = PurePosixPath((name or "").replace("\\", "/")).name
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf")).strip()
    if len(name) > FILE_NAME_MAX:
        suffix = PurePosixPath(name).suffix[:20]
        name = name[: FILE_NAME_MAX - len(suffix)] + suffix
    return name


def allowed_type_of(
    *, name: str, size: int, head: bytes, max_size: int, allowed_types: Sequence[AllowedType]
) -> AllowedType:
    """The file's type, from ``head`` (its first ``HEAD_BYTES``), if it is one of
    ``allowed_types``; else ``FileRefused`` with the GOV.UK message."""
    if size == 0:
        raise FileRefused(EMPTY)
    if size > max_size:
        raise FileRefused(too_large(max_size))
    detected = filetype.guess(head)
    extension = PurePosixPath(name).suffix.lower()
    for allowed in allowed_types:
        if detected is not None and detected.mime == allowed.content_type:
            if extension in allowed.extensions:
                return allowed
            break
    raise FileRefused(wrong_type(allowed_types))


def new_stored_name(folder: str = "") -> str:
    """A random name, in one of 256 folders so that no folder grows too large (under
    ``folder``, when a storage holds more than one kind of file)."""
    token = secrets.token_hex(16)
    return f"{folder}{token[:2]}/{token}"
