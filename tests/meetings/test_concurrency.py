"""Two people taking the last seat of a meeting at the same moment: only one gets it.

Runs on PostgreSQL only: SQLite serializes writers (a second writer waits for the whole
database, or fails with "database is locked"), so the row lock that register() relies on is
not what is tested there.
"""

import threading
import time

import pytest
from django.db import connection, connections

from meetings import services
from meetings.models import Registration
from tests.meetings.factories import make_meeting
from tests.moderation.cast import make_user

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks: SQLite serializes writers",
    ),
    pytest.mark.postgres,
]


@pytest.fixture
def slow_count(monkeypatch):
    """Hold the lock a little after counting, so that the two registrations really overlap."""
    original = services._seats_taken

    def slowly(meeting):
        taken = original(meeting)
        time.sleep(0.3)
        return taken

    monkeypatch.setattr(services, "_seats_taken", slowly)


def register_at_once(meeting_id, users):
    barrier = threading.Barrier(len(users))
    outcomes = [None] * len(users)

    def register(index, user):
        try:
            from meetings.models import Meeting

            meeting = Meeting.objects.get(pk=meeting_id)
            barrier.wait(timeout=10)
            outcomes[index] = services.register(meeting=meeting, actor=user).status
        except Exception as error:  # reported in the assertion, not lost in the thread
            outcomes[index] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=pair) for pair in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_it_gives_the_last_seat_to_one_of_two_people(transactional_db, reference_data, slow_count):
    meeting = make_meeting(capacity=2)
    services.register(meeting=meeting, actor=make_user())
    first, second = make_user(), make_user()

    outcomes = register_at_once(meeting.pk, [first, second])

    assert sorted(outcomes) == ["registered", "waiting"]
    assert meeting.registrations.filter(status=Registration.Status.REGISTERED).count() == 2


def test_it_registers_a_person_once_when_they_post_twice_at_once(
    transactional_db, reference_data, slow_count
):
    meeting = make_meeting(capacity=5)
    person = make_user()

    outcomes = register_at_once(meeting.pk, [person, person])

    assert outcomes == ["registered", "registered"]
    assert meeting.registrations.filter(user=person).count() == 1
