"""Two colleagues of one organization sending an offer on the same call at the same moment:
the database keeps one, the other is told clearly. PostgreSQL only: SQLite serializes
writers, so the race cannot happen there."""

import threading

import pytest
from django.db import connection, connections

from calls_for_action import services
from calls_for_action.models import Offer
from pfp.accounts.models import Membership
from tests.calls_for_action import cast

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL concurrency: SQLite serializes writers",
    ),
    pytest.mark.postgres,
]


def test_two_concurrent_offers_make_one(transactional_db, reference_data):
    ghana = cast.government("GH")
    owner = cast.focal_point(ghana, "owner@gh.example.org")
    call = cast.published_call(owner, cast.moderator("mod@gfmd.example.org"))
    first = cast.partner("first@ngo.example.org")
    second = cast.make_user("second@ngo.example.org")
    Membership.objects.create(
        user=second, organization=first.membership.organization, confirmed=True
    )
    barrier = threading.Barrier(2)
    outcomes = [None, None]

    def offer(index, actor):
        try:
            barrier.wait(timeout=10)
            services.offer_make(call=call, actor=actor, fields=cast.offer_fields())
            outcomes[index] = "done"
        except services.OfferRefused as refused:
            outcomes[index] = refused.code
        except Exception as error:  # reported in the assertion, not lost in the thread
            outcomes[index] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=offer, args=(i, u)) for i, u in enumerate([first, second])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["done", "duplicate"]
    assert Offer.objects.filter(call=call).count() == 1
