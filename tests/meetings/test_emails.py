"""A mail at every step of a registration, each in the portal's one mail frame, and a calendar
file without Markdown source."""

import icalendar
import pytest
from django.core import mail

from meetings import services
from tests.emails import assert_house_style
from tests.meetings.factories import make_meeting
from tests.moderation.cast import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(reference_data):
    return make_meeting(capacity=1, title="Skills <partnerships>")


def test_registering_confirms_the_seat(meeting, django_capture_on_commit_callbacks):
    person = make_user("ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.register(
            meeting=meeting, actor=person, organization="Migrant Network", access_needs="Ramp"
        )
    (sent,) = mail.outbox
    assert sent.to == ["ana@example.org"]
    assert sent.subject == "[GFMD PfP] You are registered: Skills <partnerships>"
    html = assert_house_style(sent, link="/my/#my-meetings")
    assert "Organization: Migrant Network" in sent.body and "Access needs: Ramp" in sent.body
    assert "Skills &lt;partnerships&gt;" in html and "<partnerships>" not in html


def test_registering_twice_sends_no_second_mail(meeting, django_capture_on_commit_callbacks):
    person = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        services.register(meeting=meeting, actor=person)
        services.register(meeting=meeting, actor=person)
    assert len(mail.outbox) == 1


def test_joining_the_waiting_list_says_so(meeting, django_capture_on_commit_callbacks):
    services.register(meeting=meeting, actor=make_user())
    with django_capture_on_commit_callbacks(execute=True):
        services.register(meeting=meeting, actor=make_user("waiting@example.org"))
    (sent,) = mail.outbox
    assert sent.subject == "[GFMD PfP] You are on the waiting list: Skills <partnerships>"
    assert "You are not registered yet." in sent.body
    assert_house_style(sent, link="/my/#my-meetings")


def test_cancelling_confirms_and_the_next_person_gets_the_seat(
    meeting, django_capture_on_commit_callbacks
):
    first, second = make_user("first@example.org"), make_user("second@example.org")
    services.register(meeting=meeting, actor=first)
    services.register(meeting=meeting, actor=second)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(meeting=meeting, actor=first)
    cancelled, seat = mail.outbox
    assert cancelled.to == ["first@example.org"]
    assert cancelled.subject == "[GFMD PfP] Registration cancelled: Skills <partnerships>"
    assert "you can register again" in cancelled.body
    assert_house_style(cancelled, link=meeting.get_absolute_url())
    assert seat.to == ["second@example.org"]
    assert seat.subject == "[GFMD PfP] A seat is yours: Skills <partnerships>"
    assert_house_style(seat, link="/my/#my-meetings")


def test_the_calendar_file_describes_the_meeting_in_plain_text(client, reference_data):
    meeting = make_meeting(description="Governments present **new** practices:\n\n- one\n- two")
    response = client.get(f"/meetings/{meeting.slug}/calendar.ics")
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    description = str(event["description"])
    assert "**" not in description
    assert description.startswith("Governments present new practices:\n\n- one\n- two")


def test_a_registration_is_confirmed_in_the_persons_language(
    meeting, django_capture_on_commit_callbacks
):
    person = make_user("amelie@example.org")
    person.language = "fr"
    person.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        services.register(meeting=meeting, actor=person)
    (sent,) = mail.outbox
    assert "/fr/my/#my-meetings" in sent.body
