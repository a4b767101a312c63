"""The open API's practices: the export's filters, identifiers, problems and records."""

import json

import pytest

from pfp.moderation.models import ReviewState
from tests.factories import make_practice


@pytest.fixture
def data(report_practices):
    pass


def get(client, url, **headers):
    response = client.get(url, **headers)
    return response, json.loads(response.content) if response.content else None


def export(client, query):
    response = client.get(
        f"/practices/?{query}&format=json" if query else "/practices/?format=json"
    )
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


def all_pages(client, query):
    records, url = [], f"/api/v1/practices/?{query}&page_size=7"
    while url:
        response, body = get(client, url)
        assert response.status_code == 200
        records.extend(body["results"])
        url = body["next"]
    return records, body["count"]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "theme=diaspora",
        "country=PH&sort=title",
        "q=health+workers",
        "region=asia&goal=10",
        "year_from=2005&year_to=2020&status=ongoing",
        "subregion=western-africa&type=programme",
    ],
)
def test_the_api_gives_the_same_records_as_the_json_export(client, data, query):
    """For the same query, every page of the API together holds exactly the export's records,
    in the same order."""
    exported = export(client, query)
    records, count = all_pages(client, query)
    assert count == exported["count"]
    assert records == exported["practices"]
    assert records or query not in ("", "theme=diaspora", "country=PH&sort=title")


def test_it_pages_with_page_and_page_size(client, data):
    response, body = get(client, "/api/v1/practices/?sort=title&page=2&page_size=5")
    assert response.status_code == 200
    assert (body["count"], body["page"], body["page_size"], body["pages"]) == (32, 2, 5, 7)
    assert len(body["results"]) == 5
    assert body["next"].endswith("/api/v1/practices/?sort=title&page=3&page_size=5")
    assert body["previous"].endswith("/api/v1/practices/?sort=title&page=1&page_size=5")
    everything = export(client, "sort=title")["practices"]
    assert body["results"] == everything[5:10]


def test_a_page_past_the_end_is_empty(client, data):
    response, body = get(client, "/api/v1/practices/?page=99")
    assert response.status_code == 200
    assert body["results"] == [] and body["count"] == 32 and body["next"] is None


@pytest.mark.parametrize("page_size", ["0", "101", "many"])
def test_a_page_size_outside_1_to_100_is_refused(client, data, page_size):
    response, body = get(client, f"/api/v1/practices/?page_size={page_size}")
    assert response.status_code == 400
    assert [error["parameter"] for error in body["errors"]] == ["page_size"]


def test_it_orders_by_the_sort_values_of_the_page(client, data):
    _response, by_title = get(client, "/api/v1/practices/?sort=title&page_size=100")
    titles = [record["title"] for record in by_title["results"]]
    assert titles == [r["title"] for r in export(client, "sort=title")["practices"]]
    _response, newest = get(client, "/api/v1/practices/?sort=newest&page_size=100")
    assert [r["title"] for r in newest["results"]] != titles


def test_unknown_and_malformed_values_answer_400_with_every_problem_as_the_export_does(
    client, data
):
    query = "summit=2099&theme=nowhere&year_from=abc&sort=sideways"
    response, body = get(client, f"/api/v1/practices/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert [error["parameter"] for error in body["errors"]] == [
        "theme",
        "summit",
        "year_from",
        "sort",
    ]
    assert body["errors"][1] == {
        "parameter": "summit",
        "value": "2099",
        "message": "No GFMD summit “2099” is known.",
    }
    exported = client.get(f"/practices/?{query}&format=json")
    assert exported.status_code == 400
    assert json.loads(exported.content) == body


def test_parameters_outside_the_contract_are_ignored(client, data):
    response, body = get(client, "/api/v1/practices/?utm_source=newsletter&format=xlsx")
    assert response.status_code == 200
    assert body["count"] == 32


def test_only_published_practices_are_ever_listed(client, data):
    """A practice in any state but published is in no list, no search and no detail."""
    for state in (
        ReviewState.DRAFT,
        ReviewState.SUBMITTED,
        ReviewState.RETURNED,
        ReviewState.WITHDRAWN,
        ReviewState.UNPUBLISHED,
        ReviewState.REJECTED,
    ):
        make_practice(title=f"Zanzibar clove pickers {state}", state=state)
    response, body = get(client, "/api/v1/practices/?q=Zanzibar+clove+pickers&spell=off")
    assert response.status_code == 200
    assert body["count"] == 0
    _response, everything = get(client, "/api/v1/practices/?page_size=100")
    assert not any("Zanzibar" in record["title"] for record in everything["results"])
    response = client.get("/api/v1/practices/zanzibar-clove-pickers-draft/")
    assert response.status_code == 404


def test_one_practice_by_its_slug_is_its_export_record(client, data):
    exported = export(client, "country=PH&sort=title")["practices"][0]
    slug = exported["url"].rstrip("/").rsplit("/", 1)[-1]
    response, body = get(client, f"/api/v1/practices/{slug}/")
    assert response.status_code == 200
    assert body == exported


def test_a_published_practice_found_by_its_words(client, reference_data):
    make_practice(title="Zanzibar clove pickers", countries=("TZ",))
    response, body = get(client, "/api/v1/practices/?q=zanzibar")
    assert response.status_code == 200
    assert [record["title"] for record in body["results"]] == ["Zanzibar clove pickers"]
    assert body["results"][0]["lead_countries"] == ["TZ"]


def test_a_page_given_twice_is_refused_as_the_export_refuses_it(client, data):
    response, body = get(client, "/api/v1/practices/?page=1&page=2")
    assert response.status_code == 400
    assert body["errors"][0]["parameter"] == "page"
