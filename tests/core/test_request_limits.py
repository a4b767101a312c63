"""Request bodies over the limits are refused before they are read (413)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.practices import workspace_cast as cast

pytestmark = pytest.mark.django_db

HUGE = str(300 * 1024 * 1024)


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the request body was read")

    readline = read


def post_declaring(client, path, length, content_type):
    return client.post(
        path,
        data=b"",
        content_type=content_type,
        CONTENT_LENGTH=length,
        **{"wsgi.input": UnreadableBody()},
    )


@pytest.mark.parametrize(
    "content_type",
    ["multipart/form-data; boundary=xyz", "application/x-www-form-urlencoded"],
    ids=["multipart", "urlencoded"],
)
def test_a_huge_body_to_the_language_switch_is_refused_unread(client, content_type):
    """300 MB to /i18n/setlang/ is refused with a plain 413 page, without reading a byte."""
    response = post_declaring(client, "/i18n/setlang/", HUGE, content_type)
    assert response.status_code == 413
    assert response["Connection"] == "close"
    assert "Too much data sent" in response.content.decode()


def test_a_body_just_over_the_small_limit_is_refused(client, settings):
    """Away from the upload paths a multipart body over PFP_MAX_REQUEST_BYTES is refused."""
    length = str(settings.PFP_MAX_REQUEST_BYTES + 1)
    response = post_declaring(client, "/accounts/login/", length, "multipart/form-data; b=x")
    assert response.status_code == 413


def test_the_language_switch_still_works(client):
    """A normal language choice goes through."""
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/practices/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "fr"


def test_an_upload_request_over_its_limit_is_refused_unread(client, settings):
    """Even on the upload paths a body over PFP_MAX_UPLOAD_REQUEST_BYTES is refused."""
    length = str(settings.PFP_MAX_UPLOAD_REQUEST_BYTES + 1)
    for path in ("/my/practices/new/", "/fr/my/practices/new/", "/admin/practices/practice/add/"):
        response = post_declaring(client, path, length, "multipart/form-data; boundary=xyz")
        assert response.status_code == 413, path


def test_a_negative_or_malformed_length_is_a_bad_request(client):
    """A Content-Length that is not a number is answered 400, never 500."""
    for length in ("-1", "ten"):
        response = post_declaring(client, "/i18n/setlang/", length, "text/plain")
        assert response.status_code == 400


def test_a_ten_megabyte_attachment_with_the_form_still_uploads(client, reference_data):
    """An attachment at the per-file cap, with the rest of its section of the form, is saved."""
    owner = cast.focal_point(cast.government("GH"))
    client.force_login(owner)
    practice = cast.draft(owner)
    head, tail = b"%PDF-1.4\n1 0 obj <<>> endobj\n", b"\ntrailer <<>>\n%%EOF\n"
    size = 10 * 1024 * 1024
    pdf = head + b"0" * (size - len(head) - len(tail)) + tail
    data = cast.form_data(
        practice, section="resources", **{"attachments-0-title": "Full evaluation"}
    )
    data["attachments-0-file"] = SimpleUploadedFile("evaluation.pdf", pdf)

    response = client.post(cast.section_url(practice, "resources"), data)

    assert response.status_code == 302
    assert practice.attachments.get().size == size
