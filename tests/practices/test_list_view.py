"""/practices/: the browse and search page as a visitor sees it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pfp.moderation.models import ReviewState
from practices.search import query as query_module
from practices.search.query import MAX_WORD_CHECKS
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


def suggestions(response):
    return [(s["text"], s["url"], s["count"]) for s in response.context["suggestions"]]


def total(client, url):
    return client.get("/practices/" + url).context["result"].total


def test_it_says_when_nothing_matches_and_offers_each_filter_that_would_give_results(client, data):
    response = client.get("/practices/?theme=remittances&country=KE")
    body = response.content.decode()
    assert '<h3 id="no-results-heading">No practice matches these filters.</h3>' in body
    assert suggestions(response) == [
        ("Remove Thematic area: Remittances", "?country=KE", 1),
        ("Remove Country: Kenya", "?theme=remittances", 5),
        ("Clear all filters", "?", 32),
    ]
    assert '<a href="?theme=remittances">Remove Country: Kenya — 5 practices</a>' in body
    assert '<a href="?country=KE">Remove Thematic area: Remittances — 1 practice</a>' in body


def test_each_suggested_count_is_what_its_link_gives(client, data):
    for url in [
        "?theme=remittances&country=KE",
        "?q=remittance&country=KE",
        "?q=remitance&spell=off",
        '?q=remittance+"diaspora+xyzzy"&theme=remittances',
        "?theme=remittances&year_to=1950",
    ]:
        offered = suggestions(client.get("/practices/" + url))
        assert offered, url
        for _text, link, count in offered:
            assert total(client, link) == count, (url, link)


def test_it_offers_no_filter_whose_removal_still_finds_nothing(client, data):
    response = client.get("/practices/?theme=remittances&country=KE&year_from=2030")
    assert suggestions(response) == [("Clear all filters", "?", 32)]


def test_it_offers_removing_a_facet_with_all_its_values(client, data):
    """Taking one value out of a facet's OR can only find fewer: the facet goes as a whole."""
    response = client.get("/practices/?theme=remittances&theme=diaspora&country=KE")
    assert suggestions(response) == [
        ("Remove Thematic area: Remittances, Diaspora", "?country=KE", 1),
        ("Remove Country: Kenya", "?theme=remittances&theme=diaspora", 8),
        ("Clear all filters", "?", 32),
    ]


def test_it_offers_removing_a_year(client, data):
    response = client.get("/practices/?theme=remittances&theme=diaspora&year_to=1950")
    assert suggestions(response) == [
        ("Remove To: 1950", "?theme=remittances&theme=diaspora", 8),
        ("Clear all filters", "?", 32),
    ]


def test_it_offers_the_search_without_its_words_or_its_filters(client, data):
    response = client.get("/practices/?q=remittance&country=KE")
    assert "No practice matches “remittance” with these filters." in response.content.decode()
    assert suggestions(response) == [
        ("Remove Country: Kenya", "?q=remittance", 4),
        ("Remove the search “remittance”", "?country=KE", 1),
        ("Clear the search and all filters", "?", 32),
    ]


def test_it_offers_the_query_without_a_phrase_that_finds_nothing(client, data):
    """Every word counts and none is required, but a quoted phrase is: one that no practice
    holds empties the result, and the query without it is offered."""
    response = client.get('/practices/?q=remittance+"diaspora+xyzzy"')
    assert response.context["result"].total == 0
    assert suggestions(response)[0] == (
        "Search for “remittance”, without “diaspora xyzzy”",
        "?q=remittance",
        total(client, "?q=remittance"),
    )


def test_it_offers_no_query_without_words_when_no_word_finds_anything(client, data):
    response = client.get("/practices/?q=xyzzy+plugh")
    assert response.context["result"].total == 0
    assert [text for text, _url, _count in suggestions(response)] == [
        "Remove the search “xyzzy plugh”"
    ]


def test_it_offers_the_corrected_words_when_correction_was_off(client, data):
    response = client.get("/practices/?q=remitance&spell=off")
    assert response.context["result"].total == 0
    assert suggestions(response)[0] == (
        "Search for “remittance”",
        "?q=remittance",
        total(client, "?q=remittance"),
    )


def test_it_says_so_when_nothing_is_published(client, reference_data):
    response = client.get("/practices/")
    assert "No practice has been published yet." in response.content.decode()
    assert suggestions(response) == []


def test_it_offers_nothing_but_results_when_something_matches(client, data):
    response = client.get("/practices/?theme=remittances")
    assert response.context["suggestions"] == []
    assert "no-results" not in response.content.decode()


def test_it_says_which_words_it_searched_for_when_it_corrected_them(client, data):
    body = client.get("/practices/?q=remitance").content.decode()
    assert (
        '<p class="notice notice-corrected">Showing results for <strong>remittance</strong>'
        ' · Search instead for <a href="?q=remitance&amp;spell=off">remitance</a></p>'
    ) in body
    assert "nothing close matched" not in body
    assert "<mark>" in body  # the snippets mark the words searched for


def test_it_says_nothing_of_corrections_when_none_was_made(client, data):
    body = client.get("/practices/?q=remittance").content.decode()
    assert "Showing results for" not in body
    assert "Search instead for" not in body


def test_search_instead_searches_for_the_words_as_typed(client, data):
    corrected = client.get("/practices/?q=remitance")
    link = corrected.context["uncorrected_url"]
    assert corrected.context["result"].total > 0
    exact = client.get("/practices/" + link)
    assert exact.context["result"].corrected_query == ""
    assert exact.context["result"].total == 0
    assert "Showing results for" not in exact.content.decode()


def test_spell_off_is_kept_by_every_link_and_the_form(client, data):
    for number in range(25):
        make_practice(title=f"Migration pilot {number}", themes=["diaspora"])
    response = client.get("/practices/?q=migration&spell=off&theme=diaspora&sort=title")
    context = response.context
    assert "spell=off" in context["page_links"]["next"]
    assert all("spell=off" in chip["url"] for chip in context["chips"])
    assert "spell=off" in context["clear_url"]
    assert "spell=off" in context["export_csv"] and "spell=off" in context["export_json"]
    assert "spell=off" in context["feed_url"]
    assert '<input type="hidden" name="spell" value="off">' in response.content.decode()


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
    for url in [
        "/practices/",
        "/practices/?q=remittance&theme=remittances",
        "/practices/?page=2",
        "/practices/?theme=remittances&country=KE",  # the empty state
        '/practices/?q=remittance+"diaspora+xyzzy"',
        "/practices/?q=remitance&spell=off",
    ]:
        with django_assert_max_num_queries(10):
            client.get(url)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def test_the_empty_state_counts_filters_without_a_query(client, data):
    """Whatever the number of filters to take away, the empty state asks the database
    nothing more: its counts come from the facet index."""
    client.get("/practices/")
    one = queries(client, "/practices/?theme=remittances&country=KE")
    many = queries(
        client,
        "/practices/?theme=remittances&country=KE&goal=1&status=planned&year_from=2030"
        "&type=study&partner_type=private-sector&region=europe",
    )
    assert many == one


def test_the_empty_state_tries_the_words_of_a_short_query_only(client, data, monkeypatch):
    """Each word tried alone is a text search: only for a few words, whatever is typed."""
    searched = []
    search = query_module.text_search.search

    def counted(*args, **kwargs):
        searched.append(args[0])
        return search(*args, **kwargs)

    monkeypatch.setattr(query_module.text_search, "search", counted)
    client.get("/practices/?q=nothingxx+matchesxx&spell=off")
    assert searched == ["nothingxx matchesxx", "nothingxx", "matchesxx"]
    searched.clear()
    words = " ".join(f"nothing{n}xx" for n in range(MAX_WORD_CHECKS + 1))
    client.get("/practices/", {"q": words, "spell": "off"})
    assert searched == [words]


def test_it_rejects_a_post(client, data):
    assert client.post("/practices/").status_code == 405
