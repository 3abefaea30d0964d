"""The virus scanning hook: ``HAVEN_DOCUMENT_SCANNER`` names a callable that Haven calls with each
uploaded file before the document is stored or shown to anyone.

The callable takes the file (a binary file object at its start; it may read it to the end) and
returns a ``ScanResult``: ``CLEAN``, ``infected(what_was_found)``, or ``NOT_SCANNED`` when
nothing checked it. It raises ``ScanFailed`` when it could not check the file (the scanner is
down): the upload is then refused, never let through unchecked. The default, ``not_scanned``,
checks nothing and says so, and each document records what its scan said
(docs/how-to/scan-documents-for-viruses.md plugs in ClamAV)."""

from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class ScanResult:
    scanned: bool
    infected: bool = False
    # What the scanner found, in its own words (e.g. "Win.Test.EICAR_HDB-1").
    found: str = ""


NOT_SCANNED = ScanResult(scanned=False)
CLEAN = ScanResult(scanned=True)


def infected(found: str) -> ScanResult:
    return ScanResult(scanned=True, infected=True, found=found)


class ScanFailed(Exception):
    """The scanner could not check the file."""


def not_scanned(file: BinaryIO) -> ScanResult:
    """The default scanner: checks nothing."""
    return NOT_SCANNED


def scan(file: BinaryIO) -> ScanResult:
    """Run the configured scanner over ``file`` and rewind it for storing."""
    scanner = import_string(settings.HAVEN_DOCUMENT_SCANNER)
    file.seek(0)
    try:
        result = scanner(file)
    finally:
        file.seek(0)
    if not isinstance(result, ScanResult):
        raise ScanFailed(f"{settings.HAVEN_DOCUMENT_SCANNER} returned {result!r}, not a ScanResult")
    return result
