"""Checking uploaded files by what they contain, not by what they are called, and the
unguessable names they are stored under. Shared by every app that accepts files (a practice's
attachments and picture, a meeting's documents).

Attachments are PDF documents, office documents or images; a picture is an image. A file is
accepted only when its content is of a kind we accept *and* its name ends in an extension of
that same kind: a renamed executable, an HTML page called `report.pdf` or a plain ZIP called
`plan.docx` is refused. The checks read the file's structure (a signature, a ZIP directory, an
OLE directory, a Pillow decode) without ever unpacking or running it.

The stored name is then made from the detected kind alone (see `CheckedUpload.storage_name`),
so nothing of the sender's file name reaches the disk or the address of the file.
"""

import io
import secrets
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image


@dataclass(frozen=True)
class Kind:
    name: str
    content_type: str
    extensions: tuple  # the first one is the one files of this kind are stored with
    label: str


PDF = Kind("pdf", "application/pdf", (".pdf",), _("a PDF document"))
DOCX = Kind(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
    _("a Word document"),
)
XLSX = Kind(
    "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
    _("an Excel workbook"),
)
PPTX = Kind(
    "pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    (".pptx",),
    _("a PowerPoint presentation"),
)
ODT = Kind("odt", "application/vnd.oasis.opendocument.text", (".odt",), _("an OpenDocument text"))
ODS = Kind(
    "ods",
    "application/vnd.oasis.opendocument.spreadsheet",
    (".ods",),
    _("an OpenDocument spreadsheet"),
)
ODP = Kind(
    "odp",
    "application/vnd.oasis.opendocument.presentation",
    (".odp",),
    _("an OpenDocument presentation"),
)
DOC = Kind("doc", "application/msword", (".doc",), _("a Word 97–2003 document"))
XLS = Kind("xls", "application/vnd.ms-excel", (".xls",), _("an Excel 97–2003 workbook"))
PPT = Kind("ppt", "application/vnd.ms-powerpoint", (".ppt",), _("a PowerPoint 97–2003 file"))
PNG = Kind("png", "image/png", (".png",), _("a PNG image"))
JPEG = Kind("jpeg", "image/jpeg", (".jpg", ".jpeg"), _("a JPEG image"))
GIF = Kind("gif", "image/gif", (".gif",), _("a GIF image"))
WEBP = Kind("webp", "image/webp", (".webp",), _("a WebP image"))

IMAGE_KINDS = (PNG, JPEG, GIF, WEBP)
DOCUMENT_KINDS = (PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, DOC, XLS, PPT)
ATTACHMENT_KINDS = DOCUMENT_KINDS + IMAGE_KINDS

# Office Open XML: a ZIP with a content-types part and the main part of its application.
OOXML_MAIN_PART = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml", PPTX: "ppt/presentation.xml"}
# OpenDocument: a ZIP whose first member, `mimetype`, names the kind.
ODF_MIMETYPE = {kind.content_type: kind for kind in (ODT, ODS, ODP)}
# Legacy Office: an OLE compound file holding a stream named after its application; the
# directory stores names in UTF-16.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE_STREAMS = {
    DOC: ("WordDocument",),
    XLS: ("Workbook", "Book"),
    PPT: ("PowerPoint Document",),
}
PILLOW_FORMATS = {"PNG": PNG, "JPEG": JPEG, "GIF": GIF, "WEBP": WEBP}
# A ZIP with more members than this is not an office document we want to look into.
MAX_ZIP_MEMBERS = 10_000


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed the checks: its kind, size and a name safe to store it under."""

    file: object
    kind: Kind
    size: int

    @property
    def content_type(self):
        return self.kind.content_type

    @property
    def storage_name(self):
        # Only the detected kind's extension: the model's upload path adds a random token.
        return "upload" + self.kind.extensions[0]


def check_attachment(uploaded):
    """Check an attachment; returns a CheckedUpload or raises ValidationError (with a code)."""
    return _check(uploaded, ATTACHMENT_KINDS)


def check_image(uploaded):
    """Check a practice's picture: PNG, JPEG, GIF or WebP only."""
    return _check(uploaded, IMAGE_KINDS)


def accepted_extensions(kinds):
    """For the `accept` attribute of a file input and for help texts."""
    return ",".join(ext for kind in kinds for ext in kind.extensions)


def _check(uploaded, kinds):
    name = getattr(uploaded, "name", "") or ""
    extension = PurePosixPath(name).suffix.lower()
    expected = next((kind for kind in kinds if extension in kind.extensions), None)
    if expected is None:
        raise ValidationError(
            _("Files ending in “%(extension)s” are not accepted. Accepted: %(accepted)s."),
            code="unsupported_type",
            params={"extension": extension or _("(no extension)"), "accepted": _list(kinds)},
        )
    size = uploaded.size
    limit = settings.PFP_MAX_UPLOAD_BYTES
    if size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s, the most accepted for one file."),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")

    uploaded.seek(0)
    content = uploaded.read(limit + 1)
    uploaded.seek(0)
    detected = detect(content)
    if detected is None or detected not in kinds:
        raise ValidationError(
            _(
                "The file’s name says %(expected)s, but its content is not one of the kinds "
                "accepted here. Export it again as %(expected)s, or choose another file."
            ),
            code="content_not_accepted",
            params={"expected": expected.label},
        )
    if detected is not expected:
        raise ValidationError(
            _(
                "The file’s name says %(expected)s, but its content is %(detected)s. Rename it "
                "to end in “%(extension)s”, or choose another file."
            ),
            code="extension_mismatch",
            params={
                "expected": expected.label,
                "detected": detected.label,
                "extension": detected.extensions[0],
            },
        )
    return CheckedUpload(file=uploaded, kind=detected, size=size)


def _list(kinds):
    return ", ".join(ext.lstrip(".").upper() for kind in kinds for ext in kind.extensions)


def detect(content):
    """The Kind a file's bytes are, or None: by structure, never by name."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"PK\x03\x04"):
        return _detect_zip(content)
    if content.startswith(OLE_SIGNATURE):
        return _detect_ole(content)
    return _detect_image(content)


def _detect_zip(content):
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if len(members) > MAX_ZIP_MEMBERS:
        return None
    names = {member.filename for member in members}
    if "[Content_Types].xml" in names:
        for kind, main_part in OOXML_MAIN_PART.items():
            if main_part in names:
                return kind
        return None
    if members and members[0].filename == "mimetype" and members[0].file_size < 200:
        try:
            mimetype = archive.read(members[0]).decode("ascii").strip()
        except (zipfile.BadZipFile, UnicodeDecodeError, ValueError, OSError, RuntimeError):
            return None
        # OpenDocument also requires a manifest; a bare `mimetype` file is not a document.
        if "META-INF/manifest.xml" in names:
            return ODF_MIMETYPE.get(mimetype)
    return None


def _detect_ole(content):
    for kind, streams in OLE_STREAMS.items():
        if any(stream.encode("utf-16-le") in content for stream in streams):
            return kind
    return None


def _detect_image(content):
    try:
        with warnings.catch_warnings():
            # A decompression-bomb warning is an error here: such an image is refused.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                kind = PILLOW_FORMATS.get(image.format)
                image.verify()
    except Exception:
        # Pillow raises many kinds of errors on files that are not images or are damaged
        # (OSError, SyntaxError, struct.error, EOFError …) and on decompression bombs: all
        # mean the same here, not an image we accept.
        return None
    return kind


@deconstructible
class UnguessableUploadPath:
    """Upload names that cannot be guessed: a random token, keeping only the extension."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        suffix = PurePosixPath(filename).suffix.lower()[:10]
        return f"{self.folder}/{timezone.now():%Y/%m}/{secrets.token_urlsafe(24)}{suffix}"

    def __eq__(self, other):
        return isinstance(other, UnguessableUploadPath) and other.folder == self.folder


class CheckedFileForm(forms.ModelForm):
    """A model form for a row with an uploaded `file` (and `content_type`, `size`): the file
    passes the same content checks as the workspace's uploads, and is stored under a random
    name with the extension of the kind detected. For the admin's inlines, which would
    otherwise store an .html or .js file as it came."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if (
            uploaded
            and uploaded is not getattr(self.instance, "file", None)
            and hasattr(uploaded, "content_type")
        ):
            checked = check_attachment(uploaded)
            uploaded.name = checked.storage_name
            self.instance.content_type = checked.content_type
            self.instance.size = checked.size
        return uploaded
