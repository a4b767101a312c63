"""The synthetic seeder that fills the benchmark database."""

import pytest
from django.core.management import call_command

from pfp.moderation.models import ReviewState
from practices.models import Practice, PracticeIndexChange
from practices.search.index import current_index
from practices.synthetic import seed_synthetic

pytestmark = pytest.mark.django_db


def synthetic_titles():
    return list(
        Practice.objects.filter(source_note__startswith="Synthetic")
        .order_by("id")
        .values_list("title", flat=True)
    )


def test_it_creates_published_practices_with_their_relations():
    """Reference data is loaded when missing; every practice is published and related."""
    result = seed_synthetic(practices=50, seed=3)

    assert result.practices == 50
    practices = Practice.objects.filter(source_note__startswith="Synthetic")
    assert practices.count() == 50
    assert set(practices.values_list("review_state", flat=True)) == {ReviewState.PUBLISHED}
    for practice in practices.prefetch_related("thematic_areas", "sdg_targets", "lead_countries"):
        assert practice.thematic_areas.all()
        assert len(practice.sdg_targets.all()) == 4
        assert 1 <= len(practice.lead_countries.all()) <= 3
        assert practice.government.is_national_government
        assert practice.government.country in practice.lead_countries.all()
        assert practice.search_document
        assert practice.published_at is not None
    assert Practice.gcm_objectives.through.objects.count() == 100
    assert Practice.partner_types.through.objects.count() == 100
    assert len(set(practices.values_list("slug", flat=True))) == 50


def test_the_same_seed_gives_the_same_practices():
    """A second run with the same seed repeats the titles, under new slugs."""
    seed_synthetic(practices=50, seed=5)
    first = synthetic_titles()

    seed_synthetic(practices=50, seed=5)

    titles = synthetic_titles()
    assert titles[50:] == first
    assert Practice.objects.values("slug").distinct().count() == 100
    seed_synthetic(practices=5, seed=6)
    assert synthetic_titles()[100:] != first[:5]


def test_the_facet_index_counts_them(reference_data):
    """The practices reach every process's facet index through one full-rebuild marker."""
    before = Practice.objects.published().count()
    markers = PracticeIndexChange.objects.filter(practice_id__isnull=True)
    markers_before = markers.count()
    index = current_index()
    assert index.count(index.alive) == before

    call_command("seed_synthetic", practices=50, seed=1, verbosity=0)

    assert markers.count() == markers_before + 1
    assert not PracticeIndexChange.objects.filter(practice_id__isnull=False).exists()
    index = current_index()
    assert index.count(index.alive) == before + 50
    assert sum(index.counts("theme", index.alive).values()) >= 50
