"""The synthetic seeder that fills the benchmark database."""

import pytest
from django.core.management import call_command

from devtools.synthetic import seed_synthetic
from pfp.moderation.models import ReviewState
from practices.models import Practice, PracticeIndexChange
from practices.search.index import current_index

pytestmark = pytest.mark.django_db


def synthetic_titles():
    return list(
        Practice.objects.filter(source_note__startswith="Synthetic")
        .order_by("id")
        .values_list("title", flat=True)
    )


def synthetic_texts(seed):
    """(summary, description) of the practices seeded with `seed`, in the order made."""
    return list(
        Practice.objects.filter(source_note=f"Synthetic practice (seed {seed})")
        .order_by("id")
        .values_list("summary", "description")
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


def test_another_seed_gives_other_practices():
    """Each practice of another seed has texts of its own: not one of them repeats one made
    with the first seed (texts are several sentences drawn from the vocabulary, so a
    generator that ignored the seed, even for some practices, would repeat them)."""
    seed_synthetic(practices=20, seed=5)
    seed_synthetic(practices=20, seed=6)

    five, six = synthetic_texts(5), synthetic_texts(6)
    assert len(five) == len(six) == 20
    assert not set(five) & set(six)


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


def test_the_production_image_leaves_the_development_tools_out(settings):
    """`devtools` is installed from a source checkout only: the image's .dockerignore drops it."""
    ignored = (settings.BASE_DIR / ".dockerignore").read_text().splitlines()
    assert "devtools" in ignored
    assert "devtools" in settings.INSTALLED_APPS
