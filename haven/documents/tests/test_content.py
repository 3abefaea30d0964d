"""What a document's file may be, decided from its content: the pure checks."""

import pytest

from haven.core.uploads import EMPTY, FileRefused, file_name_cleaned, size_label
from haven.documents.content import WRONG_TYPE, allowed_type_of, type_name
from haven.documents.tests.files import JPEG, PDF, PNG, docx

MB = 1024 * 1024


def type_of(name: str, content: bytes, *, max_size: int = 20 * MB) -> str:
    allowed = allowed_type_of(name=name, size=len(content), head=content[:8192], max_size=max_size)
    return allowed.content_type


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("age-assessment.pdf", PDF, "application/pdf"),
        ("passport.png", PNG, "image/png"),
        ("photo.jpg", JPEG, "image/jpeg"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        ("PHOTO.JPG", JPEG, "image/jpeg"),
        (
            "letter.docx",
            docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_allowed_files_are_recognised_by_their_content(name, content, content_type):
    assert type_of(name, content) == content_type


@pytest.mark.parametrize(
    ("name", "content"),
    [
        # The extension says one allowed type, the content is another.
        ("photo.png", PDF),
        ("letter.pdf", PNG),
        ("letter.docx", PDF),
        # The extension says an allowed type, the content is none.
        ("letter.pdf", b"MZ\x90\x00" + b"\x00" * 60),  # a Windows program
        ("letter.pdf", b"<html><script>alert(1)</script></html>"),
        ("notes.pdf", b"Plain text pretending to be a PDF."),
        ("letter.docx", b"PK\x03\x04" + b"\x00" * 60),  # a zip, not a Word document
        # An allowed content with an extension that is not its own, or none.
        ("age-assessment.pdf.exe", PDF),
        ("age-assessment", PDF),
        ("photo.gif", PNG),
    ],
)
def test_a_file_whose_content_or_extension_is_not_allowed_is_refused(name, content):
    with pytest.raises(FileRefused) as refused:
        type_of(name, content)
    assert (
        refused.value.message == WRONG_TYPE == ("The selected file must be a PDF, JPG, PNG or DOCX")
    )


def test_an_empty_file_is_refused():
    with pytest.raises(FileRefused) as refused:
        type_of("letter.pdf", b"")
    assert refused.value.message == EMPTY == "The selected file is empty"


def test_a_file_larger_than_the_limit_is_refused_with_the_limit_in_words():
    content = PDF + b"\x00" * (20 * MB - len(PDF))
    assert type_of("scan.pdf", content) == "application/pdf"  # exactly the limit
    with pytest.raises(FileRefused) as refused:
        type_of("scan.pdf", content + b"\x00")
    assert refused.value.message == "The selected file must be smaller than 20MB"


@pytest.mark.parametrize(
    ("size", "label"),
    [
        (0, "0 bytes"),
        (850, "850 bytes"),
        (12 * 1024, "12KB"),
        (int(2.4 * MB), "2.4MB"),
        (20 * MB, "20MB"),
    ],
)
def test_sizes_read_as_people_write_them(size, label):
    assert size_label(size) == label


def test_a_stored_type_is_named_as_people_know_it():
    assert type_name("image/jpeg") == "JPG"
    assert type_name("application/pdf") == "PDF"


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("C:\\Users\\jo\\Desktop\\age assessment.pdf", "age assessment.pdf"),
        ("/home/jo/letter.docx", "letter.docx"),
        ("letter\x00\n\u202e.pdf", "letter.pdf"),
        ("a" * 300 + ".pdf", "a" * 251 + ".pdf"),
    ],
)
def test_the_file_name_kept_is_its_last_part_without_control_characters(sent, kept):
    assert file_name_cleaned(sent) == kept
