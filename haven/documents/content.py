"""What a document's file may be, decided from its content (``haven.core.uploads``): a PDF, JPG,
PNG or DOCX whose extension agrees with what its first bytes say it is. Pure: no database, no
storage."""

from haven.core.uploads import (
    DOCX,
    JPG,
    PDF,
    PNG,
    AllowedType,
    extensions_of,
    names_of,
    wrong_type,
)
from haven.core.uploads import allowed_type_of as _allowed_type_of

ALLOWED_TYPES = (PDF, JPG, PNG, DOCX)
ALLOWED_NAMES = names_of(ALLOWED_TYPES)
ALLOWED_EXTENSIONS = extensions_of(ALLOWED_TYPES)
WRONG_TYPE = wrong_type(ALLOWED_TYPES)


def type_name(content_type: str) -> str:
    """The name people know a stored document's type by ("PDF")."""
    return next((a.name for a in ALLOWED_TYPES if a.content_type == content_type), "")


def allowed_type_of(*, name: str, size: int, head: bytes, max_size: int) -> AllowedType:
    """The document's type, if Haven accepts it as a document; else ``FileRefused``."""
    return _allowed_type_of(
        name=name, size=size, head=head, max_size=max_size, allowed_types=ALLOWED_TYPES
    )
