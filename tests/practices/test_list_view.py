"""/practices/: the browse and search page as a visitor sees it."""

import pytest

from pfp.moderation.models import ReviewState
from tests.factories import make_practice


@pytest.fixture
def data(report_practices):
    pass


def test_it_lists_published_practices_with_counts(client, data):
    response = client.get("/practices/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "32 practices" in body
    assert 'name="theme" value="remittances"' in body


def test_it_shows_no_draft(client, data):
    make_practice(title="Secret draft", state=ReviewState.DRAFT)
    assert "Secret draft" not in client.get("/practices/?q=secret").content.decode()


def test_it_shows_active_filters_as_removable_chips(client, data):
    body = client.get("/practices/?theme=remittances&country=CH").content.decode()
    assert "Thematic area: Remittances" in body
    assert "Country: Switzerland" in body
    # Removing the theme keeps the country.
    assert 'href="?country=CH"' in body
    assert "Clear all filters" in body


def test_it_hides_values_that_lead_nowhere(client, data):
    body = client.get("/practices/?theme=remittances").content.decode()
    # No remittance practice concerns Kenya: Kenya is not offered as a dead end.
    assert 'name="country" value="KE"' not in body
    assert 'name="country" value="CH"' in body


def test_it_keeps_filters_across_pages(client, data):
    for number in range(25):
        make_practice(title=f"Extra {number}", themes=["diaspora"])
    body = client.get("/practices/?theme=diaspora&sort=title").content.decode()
    assert "?theme=diaspora&amp;sort=title&amp;page=2" in body


def test_it_says_when_nothing_matches_and_suggests_removing_a_filter(client, data):
    body = client.get("/practices/?theme=remittances&country=KE").content.decode()
    assert "No practice matches." in body
    assert "Try removing a filter" in body


def test_it_reports_bad_parameters_on_the_page(client, data):
    response = client.get("/practices/?theme=nope&year_from=19x&page=-4&sort=best")
    assert response.status_code == 200
    body = response.content.decode()
    assert "No thematic area “nope” is known" in body
    assert "is not a year" in body
    assert "Unknown sort order" in body


def test_it_shows_the_last_page_for_a_page_past_the_end(client, data):
    body = client.get("/practices/?page=1000000").content.decode()
    assert "There are only 2 pages" in body


def test_it_sorts_by_relevance_when_searching(client, data):
    body = client.get("/practices/?q=recruit").content.decode()
    assert '<option value="relevance" selected>' in body


def test_it_highlights_matches_in_snippets(client, data):
    body = client.get("/practices/?q=recruit").content.decode()
    assert "<mark>recruit" in body.lower()


def test_it_uses_a_constant_number_of_queries(client, data, django_assert_max_num_queries):
    client.get("/practices/")  # builds the facet index
    client.get("/practices/?q=remittance")  # and the text index
    for url in ["/practices/", "/practices/?q=remittance&theme=remittances", "/practices/?page=2"]:
        with django_assert_max_num_queries(10):
            client.get(url)


def test_it_rejects_a_post(client, data):
    assert client.post("/practices/").status_code == 405
