"""Two moderators deciding on the same item at the same moment: one decision wins.

Runs on PostgreSQL only: SQLite serializes writers (a second writer waits for the whole
database, or fails with "database is locked"), so the row lock that perform() relies on is
not what is tested there.
"""

import threading
import time

import pytest
from django.db import connection, connections

from pfp.moderation import workflow
from pfp.moderation.models import ModerationLogEntry, ReviewState
from practices.models import Practice
from tests.factories import make_practice
from tests.moderation import cast

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks: SQLite serializes writers",
    ),
    pytest.mark.postgres,
]


@pytest.fixture
def submitted(transactional_db, reference_data):
    ghana = cast.government("GH")
    cast.focal_point(ghana, "owner@gh.example.org")
    return make_practice(state=ReviewState.SUBMITTED, government=ghana)


@pytest.fixture
def slow_publication(monkeypatch):
    """Hold each decision's row lock a little, so that the two decisions really overlap."""
    original = Practice.on_review_transition

    def slowly(self, **kwargs):
        time.sleep(0.3)
        return original(self, **kwargs)

    monkeypatch.setattr(Practice, "on_review_transition", slowly)


def decide_at_once(practice_id, decisions):
    """Run each (moderator, action, comment) in its own thread and database connection."""
    barrier = threading.Barrier(len(decisions))
    outcomes = [None] * len(decisions)

    def decide(index, actor, action, comment):
        try:
            item = Practice.objects.get(pk=practice_id)
            barrier.wait(timeout=10)
            workflow.perform(item=item, action_name=action, actor=actor, comment=comment)
            outcomes[index] = "done"
        except workflow.WorkflowError as error:
            outcomes[index] = error.code
        except Exception as error:  # reported in the assertion, not lost in the thread
            outcomes[index] = repr(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=(index, *decision))
        for index, decision in enumerate(decisions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("publish", ""), ("publish", "")),
        (("publish", ""), ("return", "Please add the results.")),
    ],
)
def test_it_takes_one_decision_when_two_moderators_decide_at_once(
    submitted, slow_publication, first, second
):
    """Exactly one decision is taken and logged; the other moderator is told the item is no
    longer submitted."""
    moderators = [cast.moderator("mona@gfmd.example.org"), cast.moderator("max@gfmd.example.org")]

    outcomes = decide_at_once(submitted.pk, [(moderators[0], *first), (moderators[1], *second)])

    assert sorted(outcomes) == ["done", "wrong_state"]
    submitted.refresh_from_db()
    assert submitted.version == 2
    entries = ModerationLogEntry.objects.filter(object_id=submitted.pk)
    assert entries.count() == 1
    winner = entries.get()
    assert winner.from_state == ReviewState.SUBMITTED
    assert submitted.review_state == winner.to_state
    if first == second:
        assert winner.action == "publish"
        assert entries.filter(action="publish").count() == 1
