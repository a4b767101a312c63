"""Exports give exactly the current result set, all pages."""

import csv
import io
import json

import pytest
from django.http import QueryDict

from practices import search
from practices.models import Practice
from practices.search.index import current_index


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
    assert asean["lead_countries"].split("; ") == ["KH", "ID", "LA", "MM", "PH", "TH", "VN"] or set(
        asean["lead_countries"].split("; ")
    ) == {"KH", "ID", "LA", "MM", "PH", "TH", "VN"}


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
