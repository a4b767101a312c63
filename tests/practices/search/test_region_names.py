"""A practice is found by the names of its countries' regions, formal and informal."""

from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from practices import search
from practices.models import Practice
from practices.search.document import _names_by_practice
from practices.search.index import current_index
from tests.factories import make_practice

GHANA_POLICY = "National Migration Policy (Ghana)"
WEST_AFRICAN = {
    "Global Health Workforce Alliance",
    "Labour migration data in the Labour Market Information System (Ghana)",
    GHANA_POLICY,
}


def found(q):
    index = current_index()
    result = search.run(search.parse(QueryDict(urlencode({"q": q})), index), index)
    by_id = dict(Practice.objects.values_list("id", "title"))
    return {by_id[int(i)] for i in result.ordered_ids}


def test_the_names_list_holds_every_level_and_the_informal_names(reference_data):
    """Senegal: its region, sub-region and intermediate region, and "West Africa"."""
    practice = make_practice(countries=["SN"])
    names = _names_by_practice([practice.pk])[practice.pk]
    assert names[-5:] == [
        "Africa",
        "Sub-Saharan Africa",
        "Subsaharan Africa",
        "Western Africa",
        "West Africa",
    ]
    assert "Senegal" in names


def test_it_names_each_area_once_however_many_countries_lie_in_it(reference_data):
    """Nigeria and Sierra Leone, led by the United Kingdom: Western Africa once."""
    practice = make_practice(countries=["GB"], other_countries=["NG", "SL"])
    names = _names_by_practice([practice.pk])[practice.pk]
    assert names.count("Western Africa") == 1
    assert names.count("Africa") == 1
    assert {"Europe", "Northern Europe", "North Europe"} <= set(names)


def test_the_search_document_holds_the_names(report_practices):
    """refresh_search_columns writes them into the document's words."""
    document = Practice.objects.get(title=GHANA_POLICY).search_document
    assert "ghana africa sub saharan africa subsaharan africa western africa west africa" in (
        document
    )
    asean = Practice.objects.get(title="ASEAN TRIANGLE project").search_document
    assert "south eastern asia southeast asia south east asia" in asean


@pytest.mark.parametrize("q", ["Western Africa", "West Africa", '"West Africa"'])
def test_searching_an_area_finds_the_practices_of_its_countries(report_practices, q):
    assert found(q) >= WEST_AFRICAN
    assert "Remittance price comparison website (Sweden)" not in found(q)


@pytest.mark.parametrize(
    ("q", "title"),
    [
        ("Southeast Asia", "ASEAN TRIANGLE project"),
        ("South-East Asia", "ASEAN TRIANGLE project"),
        ("Sub-Saharan Africa", "National Migration Policy (Ghana)"),
        (
            "Latin America",
            "Labour rights protection for Salvadoran immigrants in the United States",
        ),
        ("North Africa", "Migration and Development association (Morocco)"),
    ],
)
def test_informal_names_find_the_practices(report_practices, q, title):
    assert title in found(q)
