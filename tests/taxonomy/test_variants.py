"""`equivalents()`: what a search for a term also finds, as the search engine reads it."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse

from pfp.core import generation
from pfp.taxonomy import variants
from pfp.taxonomy.models import SearchVariant
from tests.admin_forms import admin_form_values
from tests.moderation import cast

K = SearchVariant.Kind


def make(kind, terms, also_finds="", **fields):
    variant = SearchVariant(kind=kind, terms=terms, also_finds=also_finds, **fields)
    variant.full_clean()
    variant.save()
    return variant


@pytest.fixture(autouse=True)
def no_second_factor(settings):
    settings.PFP_REQUIRE_2FA_FOR_STAFF = False


@pytest.mark.django_db
def test_a_group_finds_each_other_both_ways():
    make(K.SPELLING, "labour\nlabor")
    make(K.ACRONYM, "ILO\nInternational Labour Organization\nInternational Labor Organization")
    found = variants.equivalents()
    assert found["labour"] == frozenset({"labor"})
    assert found["labor"] == frozenset({"labour"})
    assert found["ilo"] == frozenset(
        {"international labour organization", "international labor organization"}
    )
    assert found["international labor organization"] == frozenset(
        {"ilo", "international labour organization"}
    )


@pytest.mark.django_db
def test_terms_are_folded_as_search_folds_them():
    """Lower case, no accents, punctuation as spaces, spaces collapsed."""
    make(K.DEMONYM, "Ivorian\nIVORIANS", also_finds="Côte d’Ivoire")
    make(K.COMPOUND, "E-Government\negovernment")
    found = variants.equivalents()
    assert found["ivorian"] == frozenset({"ivorians", "cote d ivoire"})
    assert found["e government"] == frozenset({"egovernment"})
    assert "Ivorian" not in found


@pytest.mark.django_db
def test_a_demonym_finds_its_country_but_the_country_not_the_demonym():
    make(K.DEMONYM, "Filipino\nFilipinos\nFilipina", also_finds="Philippines")
    found = variants.equivalents()
    assert found["filipina"] == frozenset({"filipino", "filipinos", "philippines"})
    assert "philippines" not in found


@pytest.mark.django_db
def test_groups_add_up_without_chaining():
    """A term in groups of two kinds finds what each gives it; the country a demonym finds
    does not find, through the demonym, anything else."""
    make(K.SPELLING, "labour\nlabor")
    make(K.SYNONYM, "labour\nwork")
    make(K.DEMONYM, "Dominican", also_finds="Dominican Republic\nDominica")
    found = variants.equivalents()
    assert found["labour"] == frozenset({"labor", "work"})
    assert found["labor"] == frozenset({"labour"})
    assert found["dominican"] == frozenset({"dominican republic", "dominica"})
    assert "dominica" not in found


@pytest.mark.django_db
def test_a_switched_off_group_finds_nothing():
    make(K.SPELLING, "labour\nlabor", is_active=False)
    make(K.SPELLING, "centre\ncenter")
    assert set(variants.equivalents()) == {"centre", "center"}


@pytest.mark.django_db
def test_the_mapping_is_read_only():
    make(K.SPELLING, "labour\nlabor")
    with pytest.raises(TypeError):
        variants.equivalents()["labour"] = frozenset()


@pytest.mark.django_db
def test_it_reads_the_table_once_then_only_the_generation(django_assert_num_queries):
    """However big the table, a lookup outside a request costs one primary-key read."""
    make(K.SPELLING, "labour\nlabor")
    with django_assert_num_queries(2):
        first = variants.equivalents()
    with django_assert_num_queries(1):
        assert variants.equivalents() is first


@pytest.fixture
def request_signals():
    """Signals of a request's start and end, without closing the test's connection (as the
    test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_in_a_request_the_generation_is_read_once(django_assert_num_queries, request_signals):
    make(K.SPELLING, "labour\nlabor")
    variants.equivalents()
    request_started.send(sender=None)
    try:
        with django_assert_num_queries(1):
            for _ in range(5):
                variants.equivalents()
    finally:
        request_finished.send(sender=None)
    # The next request reads it again.
    request_started.send(sender=None)
    try:
        with django_assert_num_queries(1):
            variants.equivalents()
    finally:
        request_finished.send(sender=None)


@pytest.mark.django_db
def test_a_save_anywhere_is_seen_by_the_next_lookup():
    """What another process writes reaches this one: the generation it moved is in the
    database, which is where each lookup looks."""
    labour = make(K.SPELLING, "labour\nlabor")
    assert variants.equivalents()["labour"] == frozenset({"labor"})
    before = generation.current()
    labour.terms = "labour\nlabor\nlabourer"
    labour.save()
    assert generation.current() == before + 1
    assert variants.equivalents()["labour"] == frozenset({"labor", "labourer"})
    labour.delete()
    assert variants.equivalents() == {}


@pytest.mark.django_db
def test_an_edit_in_the_admin_takes_effect_on_the_next_search(client, reference_data):
    """The loaded group of "labour", edited by a moderator, is used as edited at once."""
    labour = SearchVariant.objects.get(kind=K.SPELLING, terms="labour\nlabor")
    assert variants.equivalents()["labour"] == frozenset({"labor"})
    client.force_login(cast.moderator("moderator@gfmd.example.org"))
    url = reverse("admin:taxonomy_searchvariant_change", args=[labour.pk])
    values = admin_form_values(client, url)
    values["terms"] = ["labour, labor, labouring"]
    # A browser sends "on" for a ticked checkbox without a value attribute.
    values["is_active"] = ["on"]

    response = client.post(url, values)

    assert response.status_code == 302, response.text
    assert variants.equivalents()["labour"] == frozenset({"labor", "labouring"})
