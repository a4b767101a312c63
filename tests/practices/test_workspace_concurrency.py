"""Two colleagues working on the same practice at the same moment: nobody's save is lost.

Runs on PostgreSQL only: SQLite serializes writers, so the compare-and-set and row locks the
services rely on are not what would be tested there. The same rules are tested on both
databases, one request after the other, in test_workspace.py.
"""

import threading
import time

import pytest
from django.db import connection, connections

from pfp.moderation import workflow
from pfp.moderation.models import ReviewState
from practices import services
from practices.models import Practice
from tests.practices import workspace_cast as cast

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks: SQLite serializes writers",
    ),
    pytest.mark.postgres,
]


@pytest.fixture
def team(transactional_db, reference_data):
    ghana = cast.government("GH")
    owner = cast.focal_point(ghana, "owner@gh.example.org")
    colleague = cast.focal_point(ghana, "colleague@gh.example.org")
    return owner, colleague, cast.draft(owner)


@pytest.fixture
def slow_saves(monkeypatch):
    """Hold each save's transaction open a little, so that the two really overlap."""
    original = services._apply_relations

    def slowly(*args, **kwargs):
        time.sleep(0.3)
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "_apply_relations", slowly)


def at_once(*jobs):
    """Run each job in its own thread and database connection; returns their outcomes."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=10)
            job()
            outcomes[index] = "done"
        except workflow.WorkflowError as error:
            outcomes[index] = error.code
        except Exception as error:  # reported in the assertion, not lost in the thread
            outcomes[index] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def save(practice_id, actor, text):
    def job():
        practice = Practice.objects.get(pk=practice_id)
        services.practice_save(
            practice=practice, actor=actor, expected_version=1, fields={"objectives": text}
        )

    return job


def test_of_two_saves_at_once_one_wins_and_the_other_is_refused(team, slow_saves):
    """Both loaded version 1: exactly one save lands, the other is told of the conflict."""
    owner, colleague, practice = team

    outcomes = at_once(save(practice.pk, owner, "Owner's"), save(practice.pk, colleague, "Theirs"))

    assert sorted(outcomes) == ["done", "edit_conflict"]
    practice.refresh_from_db()
    assert practice.version == 2
    winner = "Owner's" if outcomes[0] == "done" else "Theirs"
    assert practice.objectives == winner


def test_a_save_racing_a_submission_is_never_lost(team, slow_saves):
    """A save and a submission at once: either the save lands first and is what is
    submitted, or the submission wins and the save is refused as locked."""
    owner, colleague, practice = team

    def submit():
        services.practice_submit(practice=Practice.objects.get(pk=practice.pk), actor=owner)

    outcomes = at_once(save(practice.pk, colleague, "Last words"), submit)

    practice.refresh_from_db()
    assert practice.review_state == ReviewState.SUBMITTED
    assert outcomes[1] == "done"
    assert outcomes[0] in ("done", "locked")
    if outcomes[0] == "done":
        assert practice.objectives == "Last words"
        assert practice.version == 3
    else:
        assert practice.objectives == ""
        assert practice.version == 2
