"""Staff manage meetings in the admin: documents are checked, participants exported as CSV."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import services
from meetings.models import Meeting, MeetingDocument
from tests.meetings.factories import make_meeting
from tests.moderation import cast

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/meetings/meeting/"


@pytest.fixture(autouse=True)
def no_second_factor(settings):
    settings.PFP_REQUIRE_2FA_FOR_STAFF = False


@pytest.fixture
def meeting(reference_data):
    meeting = make_meeting(capacity=1, title="=Dangerous, title")
    first = cast.partner("first@example.org")
    first.first_name, first.last_name = "Ana", "Cruz"
    first.save()
    services.register(meeting=meeting, actor=first)
    services.register(meeting=meeting, actor=cast.make_user("second@example.org"))
    services.register(meeting=meeting, actor=cast.make_user("gone@example.org"))
    services.cancel(meeting=meeting, actor=cast.User.objects.get(email="gone@example.org"))
    return meeting


def export(client, meeting):
    return client.post(
        CHANGELIST, {"action": "export_participants", "_selected_action": [meeting.pk]}
    )


def test_it_exports_the_participants_as_csv_for_moderators(client, meeting):
    client.force_login(cast.moderator())
    response = export(client, meeting)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:6] == [
        "meeting",
        "meeting_start_utc",
        "name",
        "email",
        "organization",
        "status",
    ]
    assert [(row[3], row[5], row[6]) for row in rows[1:]] == [
        ("first@example.org", "registered", ""),
        ("second@example.org", "waiting", "1"),
    ]
    assert rows[1][2] == "Ana Cruz"
    assert rows[1][4].startswith("Migrant Network")
    # A cell starting with "=" would run as a formula in a spreadsheet.
    assert rows[1][0] == "'=Dangerous, title"


@pytest.mark.parametrize("role", ["visitor", "partner", "focal_point"])
def test_it_refuses_the_export_to_everyone_else(client, meeting, role):
    if role == "partner":
        client.force_login(cast.partner())
    elif role == "focal_point":
        client.force_login(cast.focal_point(cast.government("GH")))
    response = export(client, meeting)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_it_shows_registrations_read_only_on_the_change_form(client, meeting):
    client.force_login(cast.moderator())
    response = client.get(f"{CHANGELIST}{meeting.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "first@example.org" in html and "second@example.org" in html
    assert 'name="registrations-0-status"' not in html


def test_it_lists_meetings_for_moderators(client, meeting):
    client.force_login(cast.moderator())
    assert client.get(CHANGELIST).status_code == 200
    assert client.get(f"{CHANGELIST}add/").status_code == 200


def management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def add_form(meeting, **document):
    data = {
        "summit": meeting.summit_id,
        "title": "Meeting with a report",
        "slug": "meeting-with-a-report",
        "description": "",
        "published": "on",
        "start_0": "2031-05-01",
        "start_1": "10:00:00",
        "end_0": "2031-05-01",
        "end_1": "12:00:00",
        "time_zone": "Europe/Zurich",
        "format": "in-person",
        "place": "Geneva",
        "online_url": "",
        "capacity": "",
        **management("agenda_items"),
        **management("documents", total=1),
        **management("registrations"),
        "documents-0-title": "Report",
        "documents-0-kind": "report",
        "documents-0-position": "0",
        **document,
    }
    return data


def test_it_stores_a_checked_document_under_an_unguessable_name(client, meeting):
    client.force_login(cast.moderator())
    pdf = SimpleUploadedFile("Our secret plan.pdf", b"%PDF-1.4\n" + b"0" * 200)
    response = client.post(f"{CHANGELIST}add/", add_form(meeting, **{"documents-0-file": pdf}))
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    document = MeetingDocument.objects.get()
    assert document.content_type == "application/pdf"
    assert document.size == 209
    assert document.file.name.startswith("meetings/documents/")
    assert document.file.name.endswith(".pdf")
    assert "secret" not in document.file.name


def test_it_refuses_a_document_whose_content_is_not_what_its_name_says(client, meeting):
    client.force_login(cast.moderator())
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00" + b"\0" * 200)
    response = client.post(f"{CHANGELIST}add/", add_form(meeting, **{"documents-0-file": fake}))
    assert response.status_code == 200
    assert not Meeting.objects.filter(slug="meeting-with-a-report").exists()
    assert "not one of the kinds accepted here" in response.content.decode()


def test_it_refuses_an_unknown_time_zone(client, meeting):
    client.force_login(cast.moderator())
    data = add_form(meeting, time_zone="Europe/Geneva")
    data["documents-TOTAL_FORMS"] = "0"
    response = client.post(f"{CHANGELIST}add/", data)
    assert response.status_code == 200
    assert "is not a time zone name" in response.content.decode()
