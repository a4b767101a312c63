"""The in-memory facet index follows the database: publication, edits, reference data."""

import pytest

from pfp.moderation.models import ReviewState
from pfp.taxonomy.models import ThematicArea
from practices.models import Practice, PracticeIndexChange
from practices.search_index import holder
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


def test_it_asks_the_database_once_when_nothing_changed(index_with_two, django_assert_num_queries):
    with django_assert_num_queries(1):
        holder.current()


def test_it_grows_past_its_first_capacity(reference_data):
    index = holder.current()
    capacity = index.capacity
    for number in range(capacity + 5):
        make_practice(title=f"Growing {number}", countries=["GH"])
    index = holder.current()
    assert index.count(index.alive) == capacity + 5
    assert index.counts("country", index.alive)["GH"] == capacity + 5


def test_a_gap_in_the_change_log_is_waited_for_then_given_up(index_with_two, monkeypatch):
    """A change id still missing (a transaction in flight) keeps being asked for, until the
    wait times out; the floor then moves past it."""
    holder.current()
    floor = holder.floor
    later = PracticeIndexChange.objects.create(practice_id=None)
    PracticeIndexChange.objects.filter(pk=later.pk).update(id=later.pk + 5)
    monkeypatch.setattr("practices.search_index.GAP_TIMEOUT_SECONDS", 0)
    holder.current()  # a rebuild marker: rebuilt, floor at the newest id
    assert holder.floor >= floor
