"""Facet counts and filters of the facet index agree with the database."""

import itertools

import pytest
from django.http import QueryDict

from pfp.moderation.models import ReviewState
from practices import search
from practices.search import counts as facet_counts
from practices.search.facets import FACET_NAMES
from practices.search.index import current_index
from tests.factories import make_practice


@pytest.fixture
def known(reference_data):
    """Four published practices with known tags, and a draft that must never be counted."""
    return {
        "swiss": make_practice(
            title="Swiss remittance website",
            themes=["remittances"],
            targets=["10.c", "1.4"],
            gcm=[20],
            countries=["CH"],
            partner_types=["national-government"],
            start_year=2012,
            end_year=2015,
        ),
        "ghana": make_practice(
            title="Ghana migration policy",
            themes=["migration-policy-mainstreaming"],
            targets=["10.7"],
            gcm=[23],
            countries=["GH"],
            start_year=2016,
            status="ongoing",
            roundtables=["2017-1.2"],
        ),
        "kenya": make_practice(
            title="Kenya health workers",
            themes=["labour-migration", "return-and-reintegration"],
            targets=["3.c"],
            gcm=[6, 18],
            countries=["KE"],
            other_countries=["NA", "RW"],
            partner_types=["national-government", "international-organization"],
            roundtables=["2017-2.2"],
        ),
        "philippines": make_practice(
            title="Philippine reintegration centre",
            themes=["return-and-reintegration"],
            targets=["8.3", "10.7"],
            gcm=[21],
            countries=["PH"],
            start_year=2007,
            end_year=2010,
        ),
        "draft": make_practice(
            title="Draft from Ghana",
            state=ReviewState.DRAFT,
            themes=["remittances"],
            targets=["10.c"],
            countries=["GH"],
        ),
    }


def run(query_string):
    index = current_index()
    query = search.parse(QueryDict(query_string), index)
    return search.run(query, index)


def titles(result):
    from practices.models import Practice

    by_id = dict(Practice.objects.values_list("id", "title"))
    return [by_id[int(i)] for i in result.ordered_ids]


def test_it_counts_every_facet_like_the_database(known):
    """Unfiltered counts of every facet equal the counts straight from the database."""
    index = current_index()
    for facet in FACET_NAMES:
        from_index = {v: n for v, n in index.counts(facet, index.alive).items() if n}
        assert from_index == facet_counts.orm_published_counts(facet), facet


def test_it_never_counts_drafts(known):
    result = run("")
    assert result.total == 4
    assert result.facet_counts["country"]["GH"] == 1
    assert result.facet_counts["theme"]["remittances"] == 1


def test_it_derives_goals_regions_and_summits(known):
    counts = run("").facet_counts
    assert counts["goal"]["10"] == 3  # 10.c, 10.7, 10.7
    assert counts["goal"]["3"] == 1
    assert counts["region"]["africa"] == 2  # Ghana; Kenya with Namibia and Rwanda
    assert counts["summit"]["2017"] == 2


def test_it_counts_other_countries_as_involved(known):
    assert titles(run("country=RW")) == ["Kenya health workers"]


def test_it_ors_within_a_facet_and_ands_across(known):
    assert sorted(titles(run("country=GH&country=KE"))) == [
        "Ghana migration policy",
        "Kenya health workers",
    ]
    assert titles(run("country=GH&country=KE&theme=labour-migration")) == ["Kenya health workers"]


def test_it_counts_each_facet_with_the_other_filters_applied(known):
    result = run("theme=return-and-reintegration&country=PH")
    assert result.total == 1
    # The theme facet ignores the theme filter but applies the country filter …
    assert result.facet_counts["theme"] == {
        "remittances": 0,
        "diaspora": 0,
        "private-sector-development": 0,
        "labour-migration": 0,
        "return-and-reintegration": 1,
        "migration-policy-mainstreaming": 0,
    }
    # … and the country facet applies the theme filter but not the country filter.
    countries = {k: v for k, v in result.facet_counts["country"].items() if v}
    assert countries == {"KE": 1, "NA": 1, "RW": 1, "PH": 1}


def test_it_filters_by_years_the_practice_ran(known):
    assert sorted(titles(run("year_from=2013&year_to=2014"))) == ["Swiss remittance website"]
    # Ongoing practices run on: Ghana's policy from 2016 is found in 2030.
    assert titles(run("year_from=2030")) == ["Ghana migration policy"]
    assert titles(run("year_to=2008")) == ["Philippine reintegration centre"]


def test_it_sorts_by_title_and_newest(known):
    assert titles(run("sort=title")) == sorted(titles(run("sort=title")), key=str.casefold)
    newest = titles(run(""))
    assert newest[0] == "Philippine reintegration centre"  # created last


@pytest.mark.parametrize(
    "query_string",
    [
        "",
        "theme=remittances",
        "goal=10",
        "target=10.7&country=GH",
        "gcm=6&gcm=21",
        "region=asia",
        "summit=2017",
        "roundtable=2017-2.2",
        "partner_type=national-government",
        "type=programme",
        "status=ongoing",
        "year_from=2010",
        "country=KE&theme=labour-migration",
    ],
)
def test_it_agrees_with_the_filterset_queryset(known, query_string):
    """The index and django-filter's ORM queryset find the same practices."""
    index = current_index()
    query = search.parse(QueryDict(query_string), index)
    filterset = search.filterset_for(query, index)
    assert filterset.is_valid(), filterset.errors
    expected = set(filterset.qs.values_list("id", flat=True))
    assert {int(i) for i in search.run(query, index).ordered_ids} == expected


def test_every_pair_of_facet_values_agrees_with_the_filterset(known):
    """Exhaustively, for pairs of values across two facets."""
    index = current_index()
    sample = {
        "theme": ["remittances", "return-and-reintegration"],
        "country": ["GH", "KE", "PH"],
        "gcm": ["6", "21"],
        "type": ["programme"],
    }
    for (f1, values1), (f2, values2) in itertools.combinations(sample.items(), 2):
        for v1, v2 in itertools.product(values1, values2):
            query = search.parse(QueryDict(f"{f1}={v1}&{f2}={v2}"), index)
            expected = set(search.filterset_for(query, index).qs.values_list("id", flat=True))
            assert {int(i) for i in search.run(query, index).ordered_ids} == expected


def test_it_reports_unknown_values_and_ignores_them(known):
    index = current_index()
    query = search.parse(QueryDict("theme=nope&goal=99&country=zz&year_from=abc&sort=x"), index)
    assert query.facets == {}
    assert query.year_from is None
    assert len(query.notices) == 5
    assert run("theme=nope").total == 4


def test_it_accepts_lower_case_country_codes(known):
    assert titles(run("country=gh")) == ["Ghana migration policy"]


def test_report_practices_are_counted_by_target(report_practices):
    """The 32 practices of the report: nine name target 10.c or 3.c, say."""
    counts = run("").facet_counts
    assert run("").total == 32
    assert counts["target"]["10.c"] == facet_counts.orm_published_counts("target")["10.c"]
    assert (
        counts["theme"]["labour-migration"]
        == facet_counts.orm_published_counts("theme")["labour-migration"]
    )
