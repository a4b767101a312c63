"""parse(): every bad input becomes a structured problem, and the page's notices stay."""

import pytest
from django.http import QueryDict

from practices import search
from practices.search.index import current_index
from practices.search.query import MAX_QUERY_LENGTH, MAX_VALUES_PER_FACET, Problem


def parse(query_string):
    return search.parse(QueryDict(query_string), current_index())


def problems(query_string):
    return [(p.parameter, p.value) for p in parse(query_string).problems]


@pytest.mark.parametrize(
    ("query_string", "expected"),
    [
        ("summit=2099", [("summit", "2099")]),
        ("theme=nope&theme=remittances", [("theme", "nope")]),
        ("country=zz", [("country", "zz")]),
        ("year_from=19x", [("year_from", "19x")]),
        ("year_to=3000", [("year_to", "3000")]),
        ("year_from=2020&year_to=2010", [("year_from", "2020")]),
        ("sort=best", [("sort", "best")]),
        ("page=two", [("page", "two")]),
        ("page=0", [("page", "0")]),
        ("sort=title&sort=newest", [("sort", "title, newest")]),
        ("spell=maybe", [("spell", "maybe")]),
        ("format=xlsx", [("format", "xlsx")]),
    ],
)
def test_each_bad_value_is_a_problem_naming_its_parameter(reference_data, query_string, expected):
    assert problems(query_string) == expected


def test_a_valid_query_has_no_problem(reference_data):
    query = parse(
        "q=remittance&theme=remittances&country=gh&year_from=2000&year_to=2020"
        "&sort=title&page=2&spell=off&format=csv&utm_source=newsletter&theme="
    )
    assert query.problems == []
    assert query.notices == []
    assert (query.spell, query.format, query.facets["country"]) == (False, "csv", ["GH"])


def test_a_problem_says_what_is_wrong(reference_data):
    assert parse("summit=2099").problems == [
        Problem("summit", "2099", "No GFMD summit “2099” is known.")
    ]


def test_the_page_keeps_its_notices_for_the_same_values(reference_data):
    query = parse("summit=2099&year_from=19x")
    assert query.notices == [
        "No GFMD summit “2099” is known; that filter was ignored.",
        "“19x” is not a year; the from year filter was ignored.",
    ]
    assert query.facets == {} and query.year_from is None


def test_too_many_values_of_a_facet_is_one_problem(reference_data):
    codes = list(current_index().values["country"])[: MAX_VALUES_PER_FACET + 1]
    query = parse("&".join(f"country={code}" for code in codes))
    assert [(p.parameter, p.value) for p in query.problems] == [
        ("country", str(MAX_VALUES_PER_FACET + 1))
    ]
    assert len(query.facets["country"]) == MAX_VALUES_PER_FACET


def test_a_search_text_cut_at_its_limit_is_a_problem(reference_data):
    query = parse("q=" + "word " * MAX_QUERY_LENGTH)
    assert [p.parameter for p in query.problems] == ["q"]
    assert len(query.q) <= MAX_QUERY_LENGTH
    assert query.notices == []  # the page searches for the start, as it always did


def test_a_value_is_quoted_on_one_line(reference_data):
    (problem,) = parse("theme=bad%0Aline%0D%0Aforged").problems
    assert problem.value == "bad\nline\r\nforged"
    assert "\n" not in problem.message and "\r" not in problem.message


def test_spell_off_is_kept_in_the_query_s_links(reference_data):
    assert parse("q=remitance&spell=off").params() == [("q", "remitance"), ("spell", "off")]
    assert parse("q=remitance").params() == [("q", "remitance")]
    # Without words there is nothing to correct.
    assert parse("spell=off&theme=remittances").params() == [("theme", "remittances")]
