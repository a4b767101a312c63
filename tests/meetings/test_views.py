"""The public meeting pages, the calendar file and the register/cancel buttons."""

import datetime as dt
import zoneinfo
from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone

from meetings import services
from meetings.models import AgendaItem, Meeting, MeetingDocument
from pfp.moderation.models import ReviewState
from pfp.taxonomy.models import Summit
from tests.factories import make_practice
from tests.meetings.factories import make_meeting
from tests.moderation.cast import make_user

pytestmark = pytest.mark.django_db


def test_it_lists_upcoming_soonest_first_then_past_by_summit_newest_first(client, reference_data):
    older, newer = Summit.objects.order_by("year")[:2]
    later = make_meeting(title="Later upcoming", starts_in=timedelta(days=60))
    sooner = make_meeting(title="Sooner upcoming", starts_in=timedelta(days=5))
    old_past = make_meeting(title="Old past", summit=older, starts_in=timedelta(days=-900))
    new_past = make_meeting(title="New past", summit=newer, starts_in=timedelta(days=-400))
    make_meeting(title="Hidden draft", published=False)

    response = client.get("/meetings/")

    assert response.status_code == 200
    assert response.context["upcoming"] == [sooner, later]
    assert [(s, ms) for s, ms in response.context["past_by_summit"]] == [
        (newer, [new_past]),
        (older, [old_past]),
    ]
    html = response.content.decode()
    assert html.index("Sooner upcoming") < html.index("Later upcoming") < html.index("New past")
    assert html.index("New past") < html.index("Old past")
    assert "Hidden draft" not in html


def test_it_shows_a_meeting_with_its_agenda_practices_and_documents(client, reference_data):
    presented = make_practice(title="Diaspora bonds")
    draft = make_practice(title="Secret draft", state=ReviewState.DRAFT)
    start = dt.datetime(2031, 1, 20, 9, 30, tzinfo=zoneinfo.ZoneInfo("America/Bogota"))
    meeting = make_meeting(
        title="PfP at the Bogotá summit",
        time_zone="America/Bogota",
        description="Governments present **new** practices.",
    )
    Meeting.objects.filter(pk=meeting.pk).update(start=start, end=start + timedelta(hours=3))
    second = AgendaItem.objects.create(meeting=meeting, position=2, title="Second session")
    first = AgendaItem.objects.create(
        meeting=meeting,
        position=1,
        title="Opening",
        start_time=dt.time(9, 30),
        speakers="Ana Gómez, Government of Colombia\nJ. Smith, IOM",
    )
    first.practices.set([presented, draft])
    MeetingDocument.objects.create(
        meeting=meeting, title="Meeting report", file="meetings/documents/x.pdf", size=2048
    )

    html = client.get(meeting.get_absolute_url()).content.decode()

    assert html.count("<h1>") == 1
    assert "<strong>new</strong>" in html
    assert html.index("Opening") < html.index("Second session")
    assert second.title in html
    assert "Ana Gómez, Government of Colombia" in html
    assert "Diaspora bonds" in html and "Secret draft" not in html
    assert "Meeting report" in html
    assert "20 Jan 2031, 09:30" in html  # Bogotá time
    assert "America/Bogota" in html
    assert "20 Jan 2031, 14:30" in html  # UTC
    assert f"/meetings/{meeting.slug}/calendar.ics" in html


def test_it_hides_unpublished_meetings(client, reference_data):
    meeting = make_meeting(published=False)
    for path in ("", "calendar.ics"):
        assert client.get(f"/meetings/{meeting.slug}/{path}").status_code == 404
    user = make_user()
    client.force_login(user)
    assert client.post(f"/meetings/{meeting.slug}/register/").status_code == 404


def test_it_serves_a_calendar_file_that_parses(client, reference_data):
    meeting = make_meeting(
        title="PfP; meeting, with commas", time_zone="Asia/Manila", place="Manila, PH"
    )
    response = client.get(f"/meetings/{meeting.slug}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")

    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == meeting.start and end == meeting.end
    assert str(start.tzinfo) == "Asia/Manila"
    assert event["dtstart"].params["TZID"] == "Asia/Manila"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Manila"]
    assert str(event["summary"]) == "PfP; meeting, with commas"
    assert str(event["location"]) == "Manila, PH"
    assert str(event["url"]).endswith(meeting.get_absolute_url())
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))


@pytest.fixture
def full_meeting(reference_data):
    meeting = make_meeting(capacity=1)
    services.register(meeting=meeting, actor=make_user("first@example.org"))
    return meeting


def test_it_shows_seats_left_and_the_users_own_status(client, reference_data):
    meeting = make_meeting(capacity=3)
    user = make_user()
    client.force_login(user)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "3 seats left." in html and "You are not registered." in html

    response = client.post(f"/meetings/{meeting.slug}/register/", follow=True)
    html = response.content.decode()
    assert "You are registered for this meeting." in html
    assert "You are registered." in html and "2 seats left." in html
    assert "Cancel my registration" in html


def test_it_shows_the_place_on_the_waiting_list(client, full_meeting):
    services.register(meeting=full_meeting, actor=make_user())
    user = make_user()
    client.force_login(user)
    html = client.get(full_meeting.get_absolute_url()).content.decode()
    assert "Join the waiting list" in html and "0 seats left." in html
    html = client.post(f"/meetings/{full_meeting.slug}/register/", follow=True).content.decode()
    assert "You are on the waiting list, at position 2." in html


def test_it_cancels(client, full_meeting):
    user = full_meeting.registrations.get().user
    client.force_login(user)
    response = client.post(f"/meetings/{full_meeting.slug}/cancel/", follow=True)
    assert "Your registration is cancelled." in response.content.decode()
    assert full_meeting.registrations.get().status == "cancelled"


def test_it_says_registration_is_closed_for_past_meetings(client, reference_data):
    meeting = make_meeting(starts_in=timedelta(days=-10))
    client.force_login(make_user())
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "This meeting has taken place." in html and "Register" not in html.split("<main")[1]
    html = client.post(f"/meetings/{meeting.slug}/register/", follow=True).content.decode()
    assert "Registration for this meeting is closed." in html
    assert not meeting.registrations.exists()


def test_it_lists_meetings_with_a_fixed_number_of_queries(
    client, reference_data, django_assert_max_num_queries
):
    for days in (5, 10, -400, -800):
        make_meeting(starts_in=timedelta(days=days))
    with django_assert_max_num_queries(6):
        client.get("/meetings/")


def test_it_formats_dates_in_the_meetings_time_zone_whatever_the_site_zone(
    client, reference_data, settings
):
    settings.TIME_ZONE = "Pacific/Auckland"
    meeting = make_meeting(time_zone="UTC")
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert timezone.localtime(meeting.start, dt.UTC).strftime("%H:%M") in html
