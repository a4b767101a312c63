"""What the home, practice and call pages ask of meetings."""

from datetime import timedelta

import pytest

from meetings import selectors
from pfp.moderation.models import ReviewState
from tests.calls_for_action import cast as calls_cast
from tests.factories import make_practice
from tests.meetings.factories import make_meeting

pytestmark = pytest.mark.django_db


def test_it_finds_the_next_upcoming_published_meeting(reference_data):
    make_meeting(starts_in=timedelta(days=-30))
    make_meeting(starts_in=timedelta(days=2), published=False)
    soonest = make_meeting(starts_in=timedelta(days=10))
    make_meeting(starts_in=timedelta(days=40))
    assert selectors.next_meeting() == soonest


def test_it_counts_a_meeting_in_progress_as_next(reference_data):
    running = make_meeting(starts_in=timedelta(hours=-1), hours=3)
    make_meeting(starts_in=timedelta(days=3))
    assert selectors.next_meeting() == running


def test_it_has_no_next_meeting_when_none_is_announced(reference_data):
    make_meeting(starts_in=timedelta(days=-30))
    assert selectors.next_meeting() is None


def test_it_finds_the_published_meetings_where_a_practice_was_presented(reference_data):
    practice = make_practice()
    other = make_practice()
    old = make_meeting(starts_in=timedelta(days=-300), practices=[practice, other])
    new = make_meeting(starts_in=timedelta(days=-10), practices=[practice])
    make_meeting(published=False, practices=[practice])
    make_meeting(practices=[other])
    assert list(selectors.meetings_for_practice(practice)) == [new, old]


def test_it_finds_no_meeting_for_a_practice_never_presented(reference_data):
    make_meeting(practices=[make_practice()])
    lonely = make_practice(state=ReviewState.PUBLISHED)
    assert list(selectors.meetings_for_practice(lonely)) == []


@pytest.fixture
def ghana_calls(reference_data):
    author = calls_cast.focal_point(calls_cast.government("GH"), "fp.calls@gh.example.org")
    moderator = calls_cast.moderator("mod.calls@gfmd.example")
    published = calls_cast.published_call(author, moderator, title="Skills partners sought")
    draft = calls_cast.draft_call(author, title="Unfinished call")
    return published, draft


def test_it_finds_the_published_meetings_where_a_call_was_presented(ghana_calls):
    call, _draft = ghana_calls
    meeting = make_meeting()
    make_meeting(published=False).agenda_items.create(title="Hidden").calls.add(call)
    meeting.agenda_items.create(title="Calls session").calls.add(call)
    make_meeting()
    assert list(selectors.meetings_for_call(call)) == [meeting]


def test_it_shows_published_calls_on_the_meeting_page(client, ghana_calls):
    call, draft = ghana_calls
    meeting = make_meeting()
    meeting.agenda_items.create(title="Calls session").calls.add(call, draft)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Skills partners sought" in html
    assert call.get_absolute_url() in html
    assert "Unfinished call" not in html
