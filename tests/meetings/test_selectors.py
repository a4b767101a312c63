"""What the home, practice and call pages ask of meetings."""

from datetime import timedelta

import pytest

from meetings import selectors
from pfp.moderation.models import ReviewState
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
