"""Files that staff add in the admin pass the same content checks as the focal points' own:
an .html or .js file is never stored as an attachment, an image or a meeting document."""

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.admin import MeetingDocumentForm
from meetings.models import MeetingDocument
from practices.admin import PracticeAdmin, PracticeAttachmentForm, PracticeAttachmentInline
from practices.models import Practice

HTML = b"<!doctype html><script>alert(document.cookie)</script>"
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def upload(name, content, content_type):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("report.html", "text/html"), ("report.pdf", "application/pdf"), ("x.js", "text/javascript")],
)
@pytest.mark.parametrize("form_class", [PracticeAttachmentForm, MeetingDocumentForm])
def test_a_script_or_page_is_refused_whatever_its_name(db, form_class, name, content_type):
    data = {"title": "Report", "position": 0, "kind": MeetingDocument.Kind.REPORT}
    form = form_class(data, {"file": upload(name, HTML, content_type)})

    assert not form.is_valid()
    assert "file" in form.errors


def test_a_real_pdf_is_kept_under_a_name_of_its_kind(db):
    form = PracticeAttachmentForm(
        {"title": "Report", "position": 0},
        {"file": upload("Final report (v2).pdf", PDF, "application/pdf")},
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["file"].name == "upload.pdf"
    assert form.instance.content_type == "application/pdf"


def test_the_admin_uses_the_checked_forms():
    assert PracticeAttachmentInline.form is PracticeAttachmentForm
    model_admin = PracticeAdmin(Practice, admin.site)
    assert "clean_image" in vars(type(model_admin).form)
