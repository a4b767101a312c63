"""Loading the search variants of fixtures/ with the reference data: once, and never over
what staff changed."""

import io

import pytest
from django.core.management import call_command

from pfp.core import generation
from pfp.taxonomy import variants
from pfp.taxonomy.loading import LoadError, fixtures_dir, load_search_variants, read_rows
from pfp.taxonomy.models import SearchVariant

K = SearchVariant.Kind


def load():
    output = io.StringIO()
    call_command("load_pfp_data", "--reference-only", stdout=output, stderr=io.StringIO())
    return output.getvalue()


def write_fixture(directory, text):
    (directory / "search_variants.csv").write_text(
        "kind,terms,also_finds,note\n" + text, encoding="utf-8"
    )
    return directory


@pytest.mark.django_db
def test_it_loads_every_group_of_the_file():
    assert "search variants" in load()
    assert SearchVariant.objects.count() == len(read_rows(fixtures_dir(), "search_variants"))
    filipino = SearchVariant.objects.get(kind=K.DEMONYM, terms__startswith="Filipino\n")
    assert filipino.term_list == ["Filipino", "Filipinos", "Filipina", "Filipinas", "Philippine"]
    assert filipino.also_finds_list == ["Philippines"]
    who = SearchVariant.objects.get(kind=K.ACRONYM, terms="WHO")
    assert who.also_finds_list == ["World Health Organization", "World Health Organisation"]
    assert who.note.startswith("One way")
    assert variants.equivalents()["salvadoran"] >= {"el salvador", "salvadorans"}


@pytest.mark.django_db
def test_a_second_load_creates_nothing():
    load()
    before = list(SearchVariant.objects.order_by("pk").values_list("pk", "terms", "updated_at"))
    assert load().strip() == "nothing to create"
    assert list(SearchVariant.objects.order_by("pk").values_list("pk", "terms", "updated_at")) == (
        before
    )


@pytest.mark.django_db
def test_it_keeps_what_staff_edited_switched_off_or_added():
    """An edited group is not overwritten nor doubled, a switched-off one stays off, and a
    group staff made before the load keeps the file's group with its terms out."""
    SearchVariant.objects.create(kind=K.DEMONYM, terms="Moroccan", also_finds="Maroc")
    load()
    labour = SearchVariant.objects.get(kind=K.SPELLING, terms="labour\nlabor")
    labour.terms = "labour\nlabouring"
    labour.save()
    programme = SearchVariant.objects.get(kind=K.SPELLING, terms="programme\nprogram")
    programme.is_active = False
    programme.save()
    count = SearchVariant.objects.count()

    load()

    assert SearchVariant.objects.count() == count
    labour.refresh_from_db()
    assert labour.term_list == ["labour", "labouring"]
    assert not SearchVariant.objects.get(pk=programme.pk).is_active
    assert list(
        SearchVariant.objects.filter(kind=K.DEMONYM, terms__startswith="Moroccan").values_list(
            "also_finds", flat=True
        )
    ) == ["Maroc"]
    # The file's "labour, labor" is kept out by "labour", which the edited group still holds.
    assert "labor" not in variants.equivalents()


@pytest.mark.django_db
def test_a_load_moves_the_generation_so_that_search_reads_the_new_groups(tmp_path):
    before = generation.current()
    assert variants.equivalents() == {}
    directory = write_fixture(tmp_path, "spelling,centre; center,,\n")

    assert load_search_variants(directory) == 1

    assert generation.current() > before
    assert variants.equivalents()["centre"] == frozenset({"center"})
    assert load_search_variants(directory) == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("spelling,centre; center,,\nspellings,a; b,,\n", "line 3: unknown kind 'spellings'"),
        ("spelling,centre; ---,,\n", "line 2: “---” has no letters or digits"),
        ("demonym,Filipino,,\n", "line 2: .*A demonym finds its country"),
        ("spelling,centre; center,,\nspelling,Centre; centres,,\n", "line 3: 'centre' is already"),
    ],
)
def test_a_broken_file_is_refused_with_its_line(tmp_path, text, message):
    with pytest.raises(LoadError, match=message):
        load_search_variants(write_fixture(tmp_path, text))
    assert not SearchVariant.objects.exists()
