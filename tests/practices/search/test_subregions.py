"""The `subregion` facet: UN M49 sub-regions and intermediate regions, with counts."""

import json

import pytest
from django.http import QueryDict

from practices import search
from practices.models import Practice
from practices.search import counts as facet_counts
from practices.search.facets import FACET_NAMES, PAGE_ORDER
from practices.search.filters import PracticeFilter
from practices.search.index import current_index
from tests.factories import make_practice

# The report's practices with a West African country: Ghana's two, and the Global Health
# Workforce Alliance (United Kingdom with Nigeria and Sierra Leone among others).
WEST_AFRICAN = [
    "Global Health Workforce Alliance",
    "Labour migration data in the Labour Market Information System (Ghana)",
    "National Migration Policy (Ghana)",
]
# Mexico (the bilateral agreements), El Salvador with the United States, Costa Rica.
CENTRAL_AMERICAN = [
    "Bilateral labour agreements (Albania, Egypt, Greece, Mexico)",
    "Economic contribution of labour migration in South-South contexts (Costa Rica)",
    "Labour rights protection for Salvadoran immigrants in the United States",
]


def run(query_string):
    index = current_index()
    return search.run(search.parse(QueryDict(query_string), index), index)


def titles(result):
    by_id = dict(Practice.objects.values_list("id", "title"))
    return sorted(by_id[int(i)] for i in result.ordered_ids)


def read(response):
    return b"".join(response.streaming_content).decode("utf-8")


def test_a_practice_counts_under_every_level_its_country_lies_in(reference_data):
    """A practice in Senegal is in Africa, Sub-Saharan Africa and Western Africa."""
    make_practice(title="Senegal diaspora fund", countries=["SN"])
    counts = run("").facet_counts
    assert counts["region"]["africa"] == 1
    assert {value: n for value, n in counts["subregion"].items() if n} == {
        "sub-saharan-africa": 1,
        "western-africa": 1,
    }


def test_it_counts_a_practice_once_per_area_however_many_of_its_countries_lie_there(
    reference_data,
):
    """Kenya with Namibia and Rwanda: one practice in Sub-Saharan Africa, not three."""
    make_practice(countries=["KE"], other_countries=["NA", "RW"])
    counts = {value: n for value, n in run("").facet_counts["subregion"].items() if n}
    assert counts == {"sub-saharan-africa": 1, "eastern-africa": 1, "southern-africa": 1}


def test_it_counts_the_report_practices_by_subregion(report_practices):
    """The counts of the report's 32 practices, as the database counts them."""
    counts = {value: n for value, n in run("").facet_counts["subregion"].items() if n}
    assert counts == facet_counts.orm_published_counts("subregion")
    assert counts["western-africa"] == 3
    assert counts["sub-saharan-africa"] == 4  # and Kenya's
    assert counts["northern-africa"] == 3  # the Maghreb, Morocco, Egypt
    assert counts["central-america"] == 3
    assert counts["latin-america-and-the-caribbean"] == 3
    assert counts["northern-america"] == 1
    assert counts["south-eastern-asia"] == 3  # ASEAN, and the Philippines twice


def test_the_url_parameter_filters(report_practices):
    assert titles(run("subregion=western-africa")) == WEST_AFRICAN
    assert titles(run("subregion=sub-saharan-africa")) == sorted(
        [*WEST_AFRICAN, "Incorporating the WHO Global Code of Practice into national law (Kenya)"]
    )


def test_several_values_are_ored(report_practices):
    result = run("subregion=western-africa&subregion=central-america")
    assert titles(result) == sorted(WEST_AFRICAN + CENTRAL_AMERICAN)
    # Counted with the other filters applied, not its own: both values keep their counts.
    assert result.facet_counts["subregion"]["western-africa"] == 3
    assert result.facet_counts["subregion"]["central-america"] == 3


@pytest.mark.parametrize(
    "query_string",
    [
        "subregion=western-africa",
        "subregion=sub-saharan-africa&theme=labour-migration",
        "subregion=latin-america-and-the-caribbean&subregion=southern-europe",
        "subregion=northern-africa&region=europe",
        "subregion=south-eastern-asia&country=PH",
    ],
)
def test_it_agrees_with_the_filterset_queryset(report_practices, query_string):
    index = current_index()
    query = search.parse(QueryDict(query_string), index)
    filterset = search.filterset_for(query, index)
    assert filterset.is_valid(), filterset.errors
    expected = set(filterset.qs.values_list("id", flat=True))
    assert {int(i) for i in search.run(query, index).ordered_ids} == expected
    assert expected


def test_a_practice_published_later_is_patched_into_every_level(report_practices):
    """The index takes a new practice in without a rebuild, at both levels."""
    run("")
    make_practice(title="Senegal diaspora fund", countries=["SN"])
    result = run("subregion=western-africa")
    assert "Senegal diaspora fund" in titles(result)
    assert result.facet_counts["subregion"]["sub-saharan-africa"] == 5


def test_it_reports_an_unknown_value_on_the_page(client, report_practices):
    response = client.get("/practices/?subregion=atlantis&subregion=western-africa")
    assert response.status_code == 200
    body = response.content.decode()
    assert "No sub-region “atlantis” is known; that filter was ignored." in body
    assert "3 practices" in body


def test_the_panel_shows_the_areas_after_region_in_hierarchy_order(client, report_practices):
    assert PAGE_ORDER.index("subregion") == PAGE_ORDER.index("region") + 1
    values = list(current_index().values["subregion"])
    assert values[:7] == [
        "northern-africa",
        "sub-saharan-africa",
        "eastern-africa",
        "middle-africa",
        "southern-africa",
        "western-africa",
        "latin-america-and-the-caribbean",
    ]
    body = client.get("/practices/").content.decode()
    assert body.index('name="region"') < body.index('name="subregion"')
    assert body.index('name="subregion"') < body.index('name="partner_type"')
    assert body.index('value="sub-saharan-africa"') < body.index('value="western-africa"')
    assert 'name="subregion" value="western-africa"' in body
    # An area no practice lies in leads nowhere and is not offered.
    assert 'value="melanesia"' not in body


def test_a_chip_names_the_chosen_area(client, report_practices):
    body = client.get("/practices/?subregion=western-africa").content.decode()
    assert "Sub-region: Western Africa" in body


def test_the_exports_echo_the_parameter_and_hold_the_same_result(client, report_practices):
    payload = json.loads(read(client.get("/practices/?subregion=western-africa&format=json")))
    assert payload["query"] == [["subregion", "western-africa"]]
    assert sorted(p["title"] for p in payload["practices"]) == WEST_AFRICAN
    text = read(client.get("/practices/?subregion=western-africa&format=csv"))
    assert len(text.strip().splitlines()) == 1 + len(WEST_AFRICAN)


def test_the_registry_declares_the_parameter_for_the_whole_contract():
    """The FilterSet, the fuzz test and the exports read the facet names from the registry."""
    assert FACET_NAMES.index("subregion") == FACET_NAMES.index("region") + 1
    assert "subregion" in PracticeFilter.base_filters


def test_region_takes_a_sub_region_as_the_url_contract_says(client, report_practices):
    """DESIGN's URL contract: `region` takes M49 regions, sub-regions and intermediate ones."""

    def exported(url):
        return json.loads(b"".join(client.get(url).streaming_content))

    as_region = exported("/practices/?region=western-africa&format=json")
    as_subregion = exported("/practices/?subregion=western-africa&format=json")
    assert as_region["practices"] == as_subregion["practices"]
    assert as_region["count"] > 0
    page = client.get("/practices/?region=western-africa").content.decode()
    assert "is known" not in page  # no notice: a value of the contract
