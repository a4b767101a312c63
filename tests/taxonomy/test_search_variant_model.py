"""A search variant's terms: what staff may enter, and the message when they may not."""

import pytest
from django.core.exceptions import ValidationError

from pfp.taxonomy.models import MAX_TERM_LENGTH, MAX_TERM_WORDS, SearchVariant, split_terms

K = SearchVariant.Kind


def error_codes(variant):
    """{field: [codes]} of the variant's validation errors."""
    with pytest.raises(ValidationError) as caught:
        variant.full_clean()
    return {
        field: [error.code for error in errors] for field, errors in caught.value.error_dict.items()
    }


def make(kind=K.SPELLING, terms="labour\nlabor", also_finds="", **fields):
    variant = SearchVariant(kind=kind, terms=terms, also_finds=also_finds, **fields)
    variant.full_clean()
    variant.save()
    return variant


def test_terms_are_one_per_line_or_comma_separated_on_one_line():
    assert split_terms("labour, labor") == ["labour", "labor"]
    assert split_terms(" labour \n\n labor \r\n") == ["labour", "labor"]
    # On separate lines a term keeps its comma.
    assert split_terms("GCM\nGlobal Compact for Safe, Orderly and Regular Migration") == [
        "GCM",
        "Global Compact for Safe, Orderly and Regular Migration",
    ]


@pytest.mark.django_db
def test_it_stores_the_terms_as_typed_one_per_line():
    """Case and accents are kept; only the separators and the spaces around terms change."""
    variant = make(kind=K.DEMONYM, terms=" Filipino ,Filipina", also_finds="Philippines")
    variant.refresh_from_db()
    assert variant.terms == "Filipino\nFilipina"
    assert variant.term_list == ["Filipino", "Filipina"]
    assert variant.also_finds_list == ["Philippines"]
    assert not variant.is_both_ways
    assert str(variant) == "Filipino, Filipina → Philippines"


@pytest.mark.django_db
def test_it_refuses_a_group_without_terms():
    assert error_codes(SearchVariant(kind=K.SPELLING, terms=" , , ")) == {"terms": ["no_terms"]}


@pytest.mark.django_db
def test_it_refuses_a_group_of_one_term_that_finds_nothing():
    assert error_codes(SearchVariant(kind=K.SPELLING, terms="labour")) == {"terms": ["single_term"]}


@pytest.mark.django_db
def test_one_term_is_enough_when_it_finds_something_one_way():
    make(kind=K.ACRONYM, terms="WHO", also_finds="World Health Organization")


@pytest.mark.django_db
def test_it_refuses_a_term_without_letters_or_digits():
    assert error_codes(SearchVariant(kind=K.SPELLING, terms="labour\n--\nlabor")) == {
        "terms": ["empty_term"]
    }


@pytest.mark.django_db
def test_it_refuses_a_term_longer_than_the_bound():
    long_word = "a" * (MAX_TERM_LENGTH + 1)
    assert error_codes(SearchVariant(kind=K.SYNONYM, terms=f"labour\n{long_word}")) == {
        "terms": ["term_too_long"]
    }


@pytest.mark.django_db
def test_it_refuses_a_term_of_more_words_than_the_bound():
    sentence = " ".join(["word"] * (MAX_TERM_WORDS + 1))
    assert error_codes(SearchVariant(kind=K.SYNONYM, terms=f"labour\n{sentence}")) == {
        "terms": ["term_too_many_words"]
    }
    # The bound itself is fine.
    make(kind=K.SYNONYM, terms="labour\n" + " ".join(["word"] * MAX_TERM_WORDS))


@pytest.mark.django_db
def test_it_refuses_too_many_terms_in_one_group():
    terms = "\n".join(f"term {number}" for number in range(31))
    assert error_codes(SearchVariant(kind=K.SYNONYM, terms=terms)) == {"terms": ["too_many_terms"]}


@pytest.mark.django_db
def test_it_checks_the_one_way_terms_too():
    assert error_codes(SearchVariant(kind=K.ACRONYM, terms="WHO", also_finds="!!")) == {
        "also_finds": ["empty_term"]
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("terms", "also_finds", "field"),
    [
        ("Labour\nlabour", "", "terms"),
        # Accents and punctuation do not tell terms apart either.
        ("cross-border\nCross border", "", "terms"),
        ("Cote d'Ivoire\nIvorian", "Côte d’Ivoire", "also_finds"),
    ],
)
def test_it_refuses_a_term_equal_to_another_of_its_group(terms, also_finds, field):
    variant = SearchVariant(kind=K.SYNONYM, terms=terms, also_finds=also_finds)
    assert error_codes(variant) == {field: ["repeated_term"]}


@pytest.mark.django_db
def test_a_demonym_needs_its_country():
    assert error_codes(SearchVariant(kind=K.DEMONYM, terms="Filipino\nFilipina")) == {
        "also_finds": ["demonym_without_country"]
    }


@pytest.mark.django_db
def test_a_term_is_in_one_group_of_each_kind():
    """A second spelling group with "Labour" is refused, with the group that has it named."""
    make(kind=K.SPELLING, terms="labour\nlabor")
    clash = SearchVariant(kind=K.SPELLING, terms="LABOUR\nlabourer")
    assert error_codes(clash) == {"terms": ["term_in_other_group"]}
    with pytest.raises(ValidationError) as caught:
        clash.full_clean()
    assert caught.value.message_dict["terms"] == [
        "“LABOUR” is already in another group of this kind (“labour, labor”): edit that group "
        "instead."
    ]


@pytest.mark.django_db
def test_a_switched_off_group_still_holds_its_terms():
    """Staff switch the old group on again rather than make a second one."""
    make(kind=K.SPELLING, terms="labour\nlabor", is_active=False)
    assert error_codes(SearchVariant(kind=K.SPELLING, terms="labour\nlabor")) == {
        "terms": ["term_in_other_group", "term_in_other_group"]
    }


@pytest.mark.django_db
def test_the_same_term_may_be_in_groups_of_other_kinds_and_be_edited_in_its_own():
    labour = make(kind=K.SPELLING, terms="labour\nlabor")
    make(kind=K.ACRONYM, terms="ILO\nInternational Labour Organization\nlabour")
    labour.terms = "labour\nlabor\nlabourer"
    labour.full_clean()
    labour.save()
    assert SearchVariant.objects.get(pk=labour.pk).term_list == ["labour", "labor", "labourer"]
