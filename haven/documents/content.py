"""What a document's file may be, decided from its content.

The content type comes from the file's first bytes (its magic numbers, read by the ``filetype``
library), never from what the browser or the file name claims. It must be one of
``ALLOWED_TYPES``, and the file name's extension must agree with it: a program renamed
``letter.pdf``, or a PDF named ``photo.png``, is refused. Pure: no database, no storage."""

import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype


@dataclass(frozen=True)
class AllowedType:
    name: str  # as people know it: "PDF", "JPG"
    content_type: str
    extensions: tuple[str, ...]


ALLOWED_TYPES = (
    AllowedType("PDF", "application/pdf", (".pdf",)),
    AllowedType("JPG", "image/jpeg", (".jpg", ".jpeg")),
    AllowedType("PNG", "image/png", (".png",)),
    AllowedType(
        "DOCX",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (".docx",),
    ),
)
# filetype reads no more than this of a file.
HEAD_BYTES = 8192
FILE_NAME_MAX = 255

_names = [allowed.name for allowed in ALLOWED_TYPES]
ALLOWED_NAMES = f"{', '.join(_names[:-1])} or {_names[-1]}"
ALLOWED_EXTENSIONS = tuple(ext for allowed in ALLOWED_TYPES for ext in allowed.extensions)

# GOV.UK's file upload messages.
WRONG_TYPE = f"The selected file must be a {ALLOWED_NAMES}"
EMPTY = "The selected file is empty"


def too_large(limit: int) -> str:
    return f"The selected file must be smaller than {size_label(limit)}"


class FileRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def type_name(content_type: str) -> str:
    """The name people know a stored document's type by ("PDF")."""
    return next((a.name for a in ALLOWED_TYPES if a.content_type == content_type), "")


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


def allowed_type_of(*, name: str, size: int, head: bytes, max_size: int) -> AllowedType:
    """The file's type, from ``head`` (its first ``HEAD_BYTES``), if Haven accepts it; else
    ``FileRefused`` with the GOV.UK message."""
    if size == 0:
        raise FileRefused(EMPTY)
    if size > max_size:
        raise FileRefused(too_large(max_size))
    detected = filetype.guess(head)
    extension = PurePosixPath(name).suffix.lower()
    for allowed in ALLOWED_TYPES:
        if detected is not None and detected.mime == allowed.content_type:
            if extension in allowed.extensions:
                return allowed
            break
    raise FileRefused(WRONG_TYPE)
