"""Uploaded files are served through a view that checks who may see the item they belong to."""

import pytest
from django.core.files.base import ContentFile

from meetings.models import MeetingDocument
from practices.models import PracticeAttachment
from tests.meetings.factories import make_meeting
from tests.practices import workspace_cast as cast

PDF = b"%PDF-1.7 evaluation report"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def production(settings):
    # With DEBUG off Django serves no media by itself: the view must.
    settings.DEBUG = False
    settings.PFP_MEDIA_ACCEL = ""


@pytest.fixture
def people(reference_data):
    ghana = cast.government("GH")
    return {
        "owner": cast.focal_point(ghana),
        "other_government": cast.focal_point(cast.government("KE")),
        "partner": cast.partner(),
        "moderator": cast.moderator(),
        "ghana": ghana,
    }


def attach(practice, content=PDF, name="report.pdf"):
    attachment = PracticeAttachment(practice=practice, title="Report", content_type="x", size=1)
    attachment.file.save(name, ContentFile(content), save=True)
    return attachment


@pytest.fixture
def draft_attachment(people):
    return attach(cast.draft(people["owner"]))


@pytest.fixture
def published_image(people):
    practice = cast.published(people["owner"], people["moderator"])
    practice.image.save("photo.png", ContentFile(PNG), save=True)
    return practice.image


def get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


def test_it_serves_a_published_practices_image_to_anyone(client, published_image):
    response = client.get(published_image.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "public, max-age=3600"


@pytest.mark.parametrize("who", [None, "other_government", "partner"])
def test_it_hides_a_drafts_attachment_from_everyone_but_its_editors(
    client, people, draft_attachment, who
):
    response = get(client, people.get(who), draft_attachment.file.url)

    assert response.status_code == 404


@pytest.mark.parametrize("who", ["owner", "moderator"])
def test_it_serves_a_drafts_attachment_to_its_editors_as_a_download_kept_out_of_caches(
    client, people, draft_attachment, who
):
    response = get(client, people[who], draft_attachment.file.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    "path",
    [
        "/media/../pfp/settings.py",
        "/media/practices/attachments/%2e%2e/%2e%2e/settings.py",
        "/media/practices/attachments/2026/01/not-a-file.pdf",
        "/media/somewhere/else.txt",
        "/media/practices/a%00b.pdf",
    ],
)
def test_it_answers_404_for_anything_that_is_not_a_visible_file(client, db, path):
    assert client.get(path).status_code == 404


def test_it_refuses_writes(client, published_image):
    assert client.post(published_image.url).status_code == 405


def test_it_hands_the_file_to_nginx_when_asked(client, settings, published_image):
    settings.PFP_MEDIA_ACCEL = "nginx"
    settings.PFP_MEDIA_ACCEL_PREFIX = "/protected-media/"

    response = client.get(published_image.url)

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{published_image.name}"
    assert response.content == b""
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_hands_the_file_to_apache_when_asked(client, settings, published_image):
    settings.PFP_MEDIA_ACCEL = "sendfile"

    response = client.get(published_image.url)

    assert response["X-Sendfile"] == published_image.path
    assert response.content == b""


def test_it_redirects_to_a_signed_address_on_object_storage(client, settings, people):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.InMemoryStorage",
            "OPTIONS": {"base_url": "https://bucket.example.org/signed/"},
        },
    }
    attachment = attach(cast.draft(people["owner"]))
    client.force_login(people["owner"])

    response = client.get(f"/media/{attachment.file.name}")

    assert response.status_code == 302
    assert response["Location"] == f"https://bucket.example.org/signed/{attachment.file.name}"
    assert response["Cache-Control"] == "private, no-store"


def test_meeting_documents_are_public_once_the_meeting_is(client, people, db):
    meeting = make_meeting(published=False)
    document = MeetingDocument(meeting=meeting, title="Agenda", content_type="x", size=1)
    document.file.save("agenda.pdf", ContentFile(PDF), save=True)

    assert client.get(document.file.url).status_code == 404
    assert get(client, people["moderator"], document.file.url).status_code == 200

    meeting.published = True
    meeting.save(update_fields=["published"])
    client.logout()
    assert client.get(document.file.url).status_code == 200
