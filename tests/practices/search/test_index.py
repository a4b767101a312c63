"""The in-memory facet index follows the database: publication, edits, reference data."""

import io
import time
from datetime import timedelta

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from pfp.moderation.models import ReviewState
from pfp.taxonomy.models import ThematicArea
from practices.models import Practice, PracticeIndexChange
from practices.search import index as search_index
from practices.search.changes import prune_changes
from practices.search.index import FacetIndex, holder
from tests.factories import make_practice


@pytest.fixture
def index_with_two(reference_data):
    make_practice(title="First", themes=["remittances"], countries=["GH"])
    make_practice(title="Second", themes=["diaspora"], countries=["KE"])
    return holder.current()


def test_it_takes_in_a_newly_published_practice(index_with_two):
    draft = make_practice(title="Third", state=ReviewState.DRAFT, themes=["diaspora"])
    assert holder.current().counts("theme", holder.current().alive)["diaspora"] == 1
    Practice.objects.filter(pk=draft.pk).update(review_state=ReviewState.PUBLISHED)
    PracticeIndexChange.objects.create(practice_id=draft.pk)
    index = holder.current()
    assert index.counts("theme", index.alive)["diaspora"] == 2
    assert index.count(index.alive) == 3


def test_it_drops_an_unpublished_practice(index_with_two):
    practice = Practice.objects.get(title="First")
    practice.review_state = ReviewState.UNPUBLISHED
    practice.save()  # the post_save signal logs the change
    index = holder.current()
    assert index.count(index.alive) == 1
    assert index.counts("country", index.alive)["GH"] == 0


def test_it_follows_a_change_of_relations(index_with_two):
    practice = Practice.objects.get(title="First")
    practice.thematic_areas.set(ThematicArea.objects.filter(slug="diaspora"))
    index = holder.current()
    counts = index.counts("theme", index.alive)
    assert counts["remittances"] == 0
    assert counts["diaspora"] == 2


def test_it_reuses_the_place_of_a_removed_practice(index_with_two):
    first = Practice.objects.get(title="First")
    first.delete()
    make_practice(title="Fourth", themes=["remittances"], countries=["PH"])
    index = holder.current()
    assert index.count(index.alive) == 2
    assert index.counts("country", index.alive)["PH"] == 1
    assert index.counts("country", index.alive)["GH"] == 0


def test_it_rebuilds_when_reference_data_changes(index_with_two):
    theme = ThematicArea.objects.get(slug="diaspora")
    theme.name = "Diaspora engagement"
    theme.save()
    index = holder.current()
    assert index.values["theme"]["diaspora"].label == "Diaspora engagement"
    assert index.counts("theme", index.alive)["diaspora"] == 1


def test_a_change_is_applied_to_a_copy_while_searches_read_the_old_one(index_with_two):
    """gunicorn's workers run threads: a search holding the index is not changed under it."""
    before = holder.current()
    alive = before.alive.copy()
    make_practice(title="A third one", countries=["GH"])
    after = holder.current()
    assert after is not before
    assert np.array_equal(before.alive, alive)  # untouched
    assert after.count(after.alive) == before.count(before.alive) + 1


def test_it_asks_the_database_once_when_nothing_changed(index_with_two, django_assert_num_queries):
    with django_assert_num_queries(1):
        holder.current()


def test_it_grows_past_its_first_capacity_without_a_rebuild(reference_data, monkeypatch):
    """New practices past the room left at build time make the index grow in place."""
    monkeypatch.setattr(search_index, "SPARE_WORDS", 0)
    make_practice(title="Already there", countries=["GH"])
    index = holder.current()
    capacity = index.capacity
    assert capacity == 64  # one word of 64 practices, and no room to spare

    def no_rebuild(self):
        raise AssertionError("the index was rebuilt instead of grown")

    monkeypatch.setattr(FacetIndex, "build", no_rebuild)
    rebuilds = holder.rebuilds
    for number in range(capacity + 5):
        make_practice(title=f"Growing {number}", countries=["GH"])
        if number % 16 == 15:
            holder.current()  # taken in as it comes, as requests do
    index = holder.current()
    assert holder.rebuilds == rebuilds
    assert index.capacity > capacity
    assert index.count(index.alive) == capacity + 6
    assert index.counts("country", index.alive)["GH"] == capacity + 6


def test_a_change_committed_late_is_still_taken_in(index_with_two, monkeypatch):
    """A change whose transaction commits after later ones, however much later, is applied:
    the id skipped over is asked for until it appears."""
    draft = make_practice(title="Late", state=ReviewState.DRAFT, themes=["diaspora"])
    holder.current()
    floor = holder.floor
    # A later change commits first: the id before it belongs to a transaction still running.
    first = Practice.objects.get(title="First")
    PracticeIndexChange.objects.create(id=floor + 1000, practice_id=first.pk)
    holder.current()
    assert floor + 999 in holder.gaps
    clock = time.monotonic() + 3600
    monkeypatch.setattr(time, "monotonic", lambda: clock)
    for _ in range(3):
        holder.current()
    # An hour later, the running transaction commits: it published the draft.
    Practice.objects.filter(pk=draft.pk).update(review_state=ReviewState.PUBLISHED)
    PracticeIndexChange.objects.create(id=floor + 999, practice_id=draft.pk)
    index = holder.current()
    assert index.counts("theme", index.alive)["diaspora"] == 2
    assert floor + 999 not in holder.gaps


def _age_every_change(days):
    PracticeIndexChange.objects.update(created_at=timezone.now() - timedelta(days=days))


def test_pruning_deletes_old_changes_and_keeps_recent_ones(index_with_two):
    old = PracticeIndexChange.objects.count()
    _age_every_change(30)
    recent = PracticeIndexChange.objects.create(practice_id=None)
    assert prune_changes(keep=timedelta(days=7)) == old
    assert list(PracticeIndexChange.objects.values_list("id", flat=True)) == [recent.pk]


def test_pruning_always_keeps_the_newest_change(index_with_two):
    newest = PracticeIndexChange.objects.order_by("-id").first()
    _age_every_change(30)
    prune_changes(keep=timedelta(days=7))
    assert list(PracticeIndexChange.objects.values_list("id", flat=True)) == [newest.pk]


def test_a_process_behind_the_pruned_range_rebuilds(index_with_two):
    holder.current()
    rebuilds = holder.rebuilds
    make_practice(title="Published while the process slept", themes=["diaspora"])
    make_practice(title="Published last", themes=["remittances"])
    _age_every_change(30)
    prune_changes(keep=timedelta(days=7))  # the changes this process never read are gone
    index = holder.current()
    assert holder.rebuilds == rebuilds + 1
    counts = index.counts("theme", index.alive)
    assert (counts["diaspora"], counts["remittances"]) == (2, 2)


def test_a_process_up_to_date_does_not_rebuild_after_pruning(index_with_two):
    holder.current()
    rebuilds = holder.rebuilds
    _age_every_change(30)
    prune_changes(keep=timedelta(days=7))
    make_practice(title="After the pruning", themes=["diaspora"])
    index = holder.current()
    assert holder.rebuilds == rebuilds
    assert index.counts("theme", index.alive)["diaspora"] == 2


def test_the_command_prunes_and_says_how_much(index_with_two):
    count = PracticeIndexChange.objects.count()
    _age_every_change(30)
    out = io.StringIO()
    call_command("prune_index_changes", "--days", "7", stdout=out)
    assert PracticeIndexChange.objects.count() == 1
    assert out.getvalue().strip() == f"Deleted {count - 1} index changes older than 7 days."


def test_the_command_refuses_a_negative_age(reference_data):
    with pytest.raises(CommandError, match="zero or more"):
        call_command("prune_index_changes", "--days", "-1")


def test_it_follows_a_roundtable_added_through_the_relation(index_with_two):
    from pfp.taxonomy.models import Roundtable

    practice = Practice.objects.get(title="First")
    roundtable = Roundtable.objects.select_related("summit").first()
    practice.roundtables.add(roundtable, through_defaults={})
    index = holder.current()
    assert index.counts("roundtable", index.alive)[roundtable.identifier] == 1
    assert index.counts("summit", index.alive)[str(roundtable.summit.year)] == 1
