"""No query string, however odd, makes /practices/ fail: it is ignored or reported.

The queries run against the report's 32 practices, more than a page of them, so that paging,
snippets and every sort order are reached; the parameters are the facet registry's.
"""

import json
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from practices import search
from practices.search import PAGE_SIZE
from practices.search.facets import FACET_NAMES
from practices.search.index import current_index

PARAMETERS = ["q", *FACET_NAMES, "year_from", "year_to", "sort", "page", "spell", "format"]
values = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(
        [
            "remittances",
            "labour-migration",
            "10.c",
            "8.8",
            "3",
            "GH",
            "PH",
            "2017-2.1",
            "2007",
            "africa",
            "asia",
            "western-africa",
            "sub-saharan-africa",
            "completed",
            "ongoing",
            "relevance",
            "newest",
            "title",
            "1",
            "2",
            "2010",
            "migration",
            "remittance",
            "labour OR diaspora",
            '"health workers"',
            "-remittance",
            "csv",
            "json",
            "off",
            "0",
            "-1",
            "1e9",
            "NaN",
            '"unclosed',
            "-",
            "OR",
            "\x00",
            "🙂",
            "' OR 1=1 --",
        ]
    ),
)
pairs = st.lists(
    st.tuples(st.one_of(st.sampled_from(PARAMETERS), st.text(max_size=10)), values), max_size=12
)


@pytest.mark.django_db
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=pairs)
# NUL characters are dropped before the view reads the query string (found by this test).
@example(query=[("format", "\x00")])
@example(query=[("theme", "\x00"), ("format", "0")])
def test_no_query_string_causes_a_server_error(client, report_practices, query):
    """The page is always shown; an export is given, or refused with 400 and its problems
    exactly when the query string has one."""
    response = client.get("/practices/?" + urlencode(query))
    # What the view reads: NulCharacterMiddleware takes NUL characters out first.
    seen = [(name.replace("\x00", ""), value.replace("\x00", "")) for name, value in query]
    export = QueryDict(urlencode(seen)).get("format", "").strip()
    asked_for_export = any(value.strip() for name, value in seen if name == "format")
    if not asked_for_export:
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        return
    problems = search.parse(QueryDict(urlencode(seen)), current_index()).problems
    if not problems:
        assert response.status_code == 200
        b"".join(response.streaming_content)
    elif export == "json":
        assert response.status_code == 400
        assert len(json.loads(response.content)["errors"]) == len(problems)
    else:
        assert response.status_code == 400
        assert len(response.content.decode().splitlines()) == len(problems)


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=pairs)
def test_no_query_string_breaks_the_feed(client, report_practices, query):
    assert client.get("/feeds/practices/?" + urlencode(query)).status_code == 200


def test_the_fuzzed_practices_reach_paging_snippets_and_sorting(client, report_practices):
    """What the fuzz tests rely on: more than a page, and words that give marked snippets."""
    assert client.get("/practices/").context["pages"] == 2
    response = client.get("/practices/?sort=title&page=2")
    assert (response.context["page"], response.context["pages"]) == (2, 2)
    assert response.context["result"].total > PAGE_SIZE
    assert "<mark>" in client.get("/practices/?q=migration&sort=relevance").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/practices/?" + "theme=remittances&" * 900,
        "/practices/?" + "&".join(f"country={code}" for code in ["GH", "KE", "zz"] * 300),
        "/practices/?q=" + "a" * 10000,
        "/practices/?page=99999999999999999999999999",
        "/practices/?year_from=99999999999999999999",
        "/practices/?country=%00",
    ],
)
def test_absurd_parameters_are_handled(client, reference_data, url):
    assert client.get(url).status_code == 200


def test_more_parameters_than_django_accepts_is_a_bad_request(reference_data):
    """Django refuses over 1,000 parameters: a 400 page, not a server error."""
    from django.test import Client

    response = Client(raise_request_exception=False).get("/practices/?" + "theme=x&" * 5000)
    assert response.status_code == 400
