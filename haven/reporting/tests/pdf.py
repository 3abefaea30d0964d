"""What a test can read of a PDF without a PDF library: WeasyPrint writes the document's title
(the HTML ``<title>``) into the PDF's information dictionary, as UTF-16 hex, often inside a
compressed object stream."""

import re
import zlib

_TITLE = re.compile(rb"/Title\s*<([0-9a-fA-F]+)>|/Title\s*\(([^)]*)\)")


def _parts(pdf: bytes):
    yield pdf
    # "endstream" ends in "stream" too: a stream starts only at a "stream" that is not its end.
    for stream in re.finditer(rb"(?<!end)stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            yield zlib.decompressobj().decompress(stream.group(1))
        except zlib.error:
            continue


def pdf_title(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF-"), "not a PDF"
    for part in _parts(pdf):
        found = _TITLE.search(part)
        if found and found.group(1):
            return bytes.fromhex(found.group(1).decode()).decode("utf-16")
        if found:
            return found.group(2).decode("latin-1")
    raise AssertionError("the PDF has no title")
