"""Uploads are checked by what they contain: the name must agree with the content."""

import io
import re
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pfp.core import uploads
from practices.models import PracticeAttachment, practice_attachment_path

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def image_bytes(format_name):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 30, 60)).save(buffer, format=format_name)
    return buffer.getvalue()


def zip_bytes(members, *, first=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if first:
            archive.writestr(first[0], first[1], compress_type=zipfile.ZIP_STORED)
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes():
    return zip_bytes(
        {
            "[Content_Types].xml": "<Types/>",
            "_rels/.rels": "<Relationships/>",
            "word/document.xml": "<w:document/>",
        }
    )


def odf_bytes(mimetype):
    return zip_bytes(
        {"META-INF/manifest.xml": "<manifest/>", "content.xml": "<office/>"},
        first=("mimetype", mimetype),
    )


def ole_bytes(stream):
    # An OLE compound file: its signature, then (somewhere) a directory naming its streams.
    return uploads.OLE_SIGNATURE + b"\0" * 504 + stream.encode("utf-16-le") + b"\0" * 64


def upload(name, content):
    return SimpleUploadedFile(name, content)


def _readable_id(value):
    """Test ids from names only: file contents (a ZIP holds the time it was made) would
    differ between pytest-xdist workers and break the run."""
    return "data" if isinstance(value, bytes) else None


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("photo.png", image_bytes("PNG"), "image/png"),
        ("photo.jpg", image_bytes("JPEG"), "image/jpeg"),
        ("photo.JPEG", image_bytes("JPEG"), "image/jpeg"),
        ("chart.gif", image_bytes("GIF"), "image/gif"),
        ("chart.webp", image_bytes("WEBP"), "image/webp"),
        (
            "plan.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "budget.xlsx",
            zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "slides.pptx",
            zip_bytes({"[Content_Types].xml": "<T/>", "ppt/presentation.xml": "<p/>"}),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        (
            "note.odt",
            odf_bytes("application/vnd.oasis.opendocument.text"),
            "application/vnd.oasis.opendocument.text",
        ),
        (
            "sheet.ods",
            odf_bytes("application/vnd.oasis.opendocument.spreadsheet"),
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
        (
            "deck.odp",
            odf_bytes("application/vnd.oasis.opendocument.presentation"),
            "application/vnd.oasis.opendocument.presentation",
        ),
        ("old.doc", ole_bytes("WordDocument"), "application/msword"),
        ("old.xls", ole_bytes("Workbook"), "application/vnd.ms-excel"),
        ("old.ppt", ole_bytes("PowerPoint Document"), "application/vnd.ms-powerpoint"),
    ],
    ids=_readable_id,
)
def test_it_accepts_documents_and_images_whose_content_matches(name, content, content_type):
    """PDF, office documents (new and old) and images pass, their type taken from content."""
    checked = uploads.check_attachment(upload(name, content))
    assert checked.content_type == content_type
    assert checked.size == len(content)


def refusal(checker, name, content):
    with pytest.raises(ValidationError) as refused:
        checker(upload(name, content))
    return refused.value


def test_it_refuses_an_executable_renamed_pdf():
    """A Windows program called report.pdf is not a PDF."""
    error = refusal(uploads.check_attachment, "report.pdf", b"MZ\x90\x00\x03" + b"\0" * 500)
    assert error.code == "content_not_accepted"
    assert "a PDF document" in error.messages[0]


def test_it_refuses_an_html_page_named_pdf():
    page = b"<!doctype html><html><script>alert(document.cookie)</script></html>"
    assert refusal(uploads.check_attachment, "invoice.pdf", page).code == "content_not_accepted"


def test_it_refuses_a_plain_zip_named_docx():
    """A ZIP without the Office structure is not a Word document."""
    archive = zip_bytes({"payload.exe": b"MZ", "readme.txt": "hello"})
    error = refusal(uploads.check_attachment, "plan.docx", archive)
    assert error.code == "content_not_accepted"
    assert "a Word document" in error.messages[0]


def test_it_refuses_an_odf_zip_without_a_manifest():
    archive = zip_bytes({}, first=("mimetype", "application/vnd.oasis.opendocument.text"))
    assert refusal(uploads.check_attachment, "note.odt", archive).code == "content_not_accepted"


def test_it_refuses_an_ole_file_of_another_application():
    """An OLE file without a Word stream is not a .doc (an Outlook message, say)."""
    assert (
        refusal(uploads.check_attachment, "old.doc", ole_bytes("__substg1.0_0037001F")).code
        == "content_not_accepted"
    )


def test_it_refuses_a_name_that_disagrees_with_the_content():
    """A real PNG called .pdf is refused, and the message says what it really is."""
    error = refusal(uploads.check_attachment, "scan.pdf", image_bytes("PNG"))
    assert error.code == "extension_mismatch"
    assert "a PNG image" in error.messages[0]
    assert "“.png”" in error.messages[0]

    assert refusal(uploads.check_attachment, "budget.xlsx", docx_bytes()).code == (
        "extension_mismatch"
    )


@pytest.mark.parametrize("name", ["setup.exe", "page.html", "logo.svg", "script.js", "noname"])
def test_it_refuses_names_of_kinds_it_does_not_take(name):
    error = refusal(uploads.check_attachment, name, PDF)
    assert error.code == "unsupported_type"
    assert "PDF" in error.messages[0]


def test_it_refuses_an_over_size_file(settings):
    """Files over PFP_MAX_UPLOAD_BYTES (10 MB) are refused, and the message gives the limit."""
    assert settings.PFP_MAX_UPLOAD_BYTES == 10 * 1024 * 1024
    content = PDF + b"\0" * (settings.PFP_MAX_UPLOAD_BYTES + 1 - len(PDF))
    error = refusal(uploads.check_attachment, "big.pdf", content)
    assert error.code == "too_large"
    assert "larger than 10.0\xa0MB" in error.messages[0]

    just_right = content[:-1]
    assert uploads.check_attachment(upload("big.pdf", just_right)).size == len(just_right)


def test_the_limit_follows_the_setting(settings):
    settings.PFP_MAX_UPLOAD_BYTES = 100
    assert refusal(uploads.check_attachment, "a.pdf", PDF + b"\0" * 100).code == "too_large"


def test_it_refuses_an_empty_file():
    assert refusal(uploads.check_attachment, "empty.pdf", b"").code == "empty"


def test_it_refuses_a_damaged_image():
    truncated = image_bytes("PNG")[:40]
    assert refusal(uploads.check_attachment, "cut.png", truncated).code == "content_not_accepted"


def png_header_only(width, height):
    """A PNG that claims a huge size: a decompression bomb is refused before it is decoded."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def test_it_refuses_a_decompression_bomb():
    bomb = png_header_only(100_000, 100_000)
    assert refusal(uploads.check_image, "bomb.png", bomb).code == "content_not_accepted"


def test_the_image_field_takes_images_only():
    """A practice's picture must be an image, even a real PDF is refused."""
    assert refusal(uploads.check_image, "picture.pdf", PDF).code == "unsupported_type"
    assert refusal(uploads.check_image, "picture.png", PDF).code == "content_not_accepted"
    assert uploads.check_image(upload("p.webp", image_bytes("WEBP"))).content_type == "image/webp"


def test_the_stored_name_is_unguessable_and_keeps_nothing_of_the_original(db, media_root):
    """Stored under a random token with the extension of the detected kind: the sender's
    file name (here with its own, upper-case extension) appears nowhere."""
    names = []
    for _ in range(2):
        uploaded = upload("Minister's secret plan.JPEG", image_bytes("JPEG"))
        checked = uploads.check_attachment(uploaded)
        uploaded.name = checked.storage_name
        names.append(practice_attachment_path(PracticeAttachment(), uploaded.name))
    for name in names:
        assert re.fullmatch(r"practices/attachments/\d{4}/\d{2}/[A-Za-z0-9_-]{32}\.jpg", name)
        assert "secret" not in name.lower() and "minister" not in name.lower()
    assert names[0] != names[1]
