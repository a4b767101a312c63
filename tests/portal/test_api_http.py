"""What every answer of the open API shares: CORS for GET, ETag and Last-Modified with 304,
the rate limit per client, and the schema and documentation at stable URLs."""

import json

import pytest
from django.utils.http import http_date, parse_http_date

from pfp.core import generation
from tests.factories import make_practice

GOALS = "/api/v1/goals/"


def test_it_answers_any_origin_for_get_without_credentials(client, reference_data):
    response = client.get(GOALS, HTTP_ORIGIN="https://data.example.org")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_a_preflight_allows_get_and_the_conditional_headers(client, reference_data):
    response = client.options(
        GOALS,
        HTTP_ORIGIN="https://data.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 200
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "POST" not in response["Access-Control-Allow-Methods"]
    assert "if-none-match" in response["Access-Control-Allow-Headers"]


def test_pages_of_the_site_get_no_cors_headers(client, reference_data):
    response = client.get("/sdgs/", HTTP_ORIGIN="https://data.example.org")
    assert "Access-Control-Allow-Origin" not in response


def test_it_answers_304_to_an_etag_it_gave(client, reference_data):
    first = client.get(GOALS)
    assert first.status_code == 200
    etag = first["ETag"]
    again = client.get(GOALS, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert client.get(GOALS, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
    assert client.get(GOALS, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_each_url_has_its_own_etag(client, reference_data):
    assert client.get(GOALS)["ETag"] != client.get("/api/v1/themes/")["ETag"]
    assert client.get(GOALS)["ETag"] != client.get(GOALS + "?page=2")["ETag"]


def test_a_publication_changes_the_etag_and_last_modified(client, reference_data):
    url = "/api/v1/practices/"
    first = client.get(url)
    make_practice(title="Newly published")
    second = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert json.loads(second.content)["count"] == 1
    _value, changed_at = generation.current_with_time()
    assert parse_http_date(second["Last-Modified"]) == int(changed_at.timestamp())


def test_it_answers_304_when_nothing_changed_since_if_modified_since(client, reference_data):
    generation.bump()
    first = client.get(GOALS)
    last_modified = first["Last-Modified"]
    assert client.get(GOALS, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    earlier = http_date(parse_http_date(last_modified) - 60)
    assert client.get(GOALS, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    assert client.get(GOALS, HTTP_IF_MODIFIED_SINCE="not a date").status_code == 200


def test_errors_carry_no_validators(client, reference_data):
    response = client.get("/api/v1/practices/?theme=nowhere")
    assert response.status_code == 400
    assert "ETag" not in response and "Last-Modified" not in response


def test_it_answers_429_with_retry_after_past_the_limit(client, reference_data, settings):
    settings.PFP_RATE_API = "3/m"
    for _ in range(3):
        assert client.get(GOALS).status_code == 200
    response = client.get(GOALS)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "Too many requests" in json.loads(response.content)["detail"]
    # Another client address has its own count.
    assert client.get(GOALS, REMOTE_ADDR="198.51.100.7").status_code == 200


def test_a_304_counts_against_the_limit_too(client, reference_data, settings):
    settings.PFP_RATE_API = "2/m"
    etag = client.get(GOALS)["ETag"]
    assert client.get(GOALS, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(GOALS, HTTP_IF_NONE_MATCH=etag).status_code == 429


def test_the_rest_of_the_site_is_not_limited_by_the_api(client, reference_data, settings):
    settings.PFP_RATE_API = "1/m"
    client.get(GOALS)
    assert client.get(GOALS).status_code == 429
    assert client.get("/sdgs/").status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_it_is_read_only(client, reference_data, method):
    response = getattr(client, method)(GOALS, data="{}", content_type="application/json")
    assert response.status_code == 405


def test_the_openapi_schema_is_at_a_stable_url(client, reference_data):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    assert {
        "/api/v1/practices/",
        "/api/v1/practices/{slug}/",
        "/api/v1/calls/",
        "/api/v1/calls/{slug}/",
        "/api/v1/meetings/",
        "/api/v1/meetings/{slug}/",
        "/api/v1/goals/",
        "/api/v1/targets/{code}/",
        "/api/v1/gcm-objectives/",
        "/api/v1/themes/",
        "/api/v1/partner-types/",
        "/api/v1/countries/{code}/",
        "/api/v1/regions/",
        "/api/v1/summits/{year}/",
        "/api/v1/roundtables/{identifier}/",
    } <= paths
    assert all(set(operations) == {"get"} for operations in schema["paths"].values())
    practice_list = schema["paths"]["/api/v1/practices/"]["get"]
    names = {parameter["name"] for parameter in practice_list["parameters"]}
    assert {"q", "theme", "target", "country", "region", "sort", "page", "page_size"} <= names
    assert "400" in practice_list["responses"]


def test_the_docs_page_documents_every_endpoint_from_the_schema(client, reference_data):
    """The documentation is the site's own page, rendered from the schema: no CDN, no script
    of its own."""
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1 and "<h1>Open API</h1>" in html
    for path in schema["paths"]:
        assert f"<code>GET {path}</code>" in html
    assert '<th scope="row"><code>page_size</code></th>' in html
    assert 'href="/api/v1/openapi.json"' in html
    assert "cdn" not in html.lower() and "swagger" not in html.lower()
    assert "<script>" not in html
    # The docs are a page of the site, not data for shared caches.
    assert "ETag" not in response


@pytest.mark.parametrize("path", ["/api/", "/api/v2/practices/", "/api/v1/nothing/here/"])
def test_an_unknown_address_under_the_api_is_a_json_404(client, reference_data, path):
    response = client.get(path)
    assert response.status_code == 404
    assert json.loads(response.content) == {"detail": "Not found."}


def test_an_endpoint_without_its_trailing_slash_is_redirected_to_it(client, reference_data):
    response = client.get("/api/v1/goals?page=1")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/goals/?page=1"
