"""Searching the report's practices by text: one test per behaviour, on both databases."""

import pytest
from django.db import connection
from django.http import QueryDict

from practices import search
from practices.models import Practice
from practices.search.index import current_index


def found(query_string):
    index = current_index()
    query = search.parse(QueryDict(query_string), index)
    result = search.run(query, index)
    by_id = dict(Practice.objects.values_list("id", "title"))
    return [by_id[int(i)] for i in result.ordered_ids], result


@pytest.fixture(autouse=True)
def _data(report_practices):
    pass


def test_it_finds_a_word_in_titles_and_summaries():
    titles, _ = found("q=recruit")
    assert "International Recruitment Integrity System (IRIS)" in titles  # in the title
    assert "ILO Fair Migration Agenda" in titles  # in the summary only


def test_it_ranks_title_matches_first():
    """Practices with "recruit…" in the title come before those with it in the summary only."""
    titles, _ = found("q=recruit&sort=relevance")
    summary_only = titles.index("ILO Fair Migration Agenda")
    assert titles.index("International Recruitment Integrity System (IRIS)") < summary_only


def test_it_finds_word_forms_of_what_was_typed():
    """ "recruit" finds "recruitment"."""
    titles, _ = found("q=recruit")
    assert "International Recruitment Integrity System (IRIS)" in titles


def test_it_stems_english_words_both_ways():
    """ "recruitments" and "recruiting" find "recruitment" (English stemming)."""
    assert "International Recruitment Integrity System (IRIS)" in found("q=recruiting")[0]


def test_it_matches_a_quoted_phrase_only_as_a_phrase():
    phrase, _ = found('q="health workers"')
    assert phrase
    loose, _ = found("q=health+workers")
    assert set(phrase) <= set(loose)
    for title in phrase:
        practice = Practice.objects.get(title=title)
        assert "health worker" in practice.search_document


def test_it_excludes_words_with_a_minus():
    with_switzerland, _ = found("q=remittance")
    without, _ = found("q=remittance+-switzerland")
    assert "Remittance price comparison website (Switzerland)" in with_switzerland
    assert "Remittance price comparison website (Switzerland)" not in without
    assert "Remittance price comparison website (Sweden)" in without


def test_it_accepts_or():
    either, _ = found("q=trafficking+OR+remittance")
    assert set(found("q=trafficking")[0]) | set(found("q=remittance")[0]) == set(either)


def test_it_ignores_accents_and_case():
    assert found("q=EPARGNE")[0] == found("q=%C3%A9pargne")[0]
    assert found("q=epargne")[0]


def test_it_finds_misspelt_words_and_says_so():
    titles, result = found("q=remitance")
    assert "Remittance price comparison website (Sweden)" in titles
    assert result.corrected_query == "remittance"


def test_it_finds_a_misspelt_country():
    titles, result = found("q=Philipines")
    assert "National Reintegration Center for Overseas Filipino Workers" in [
        t[:59] for t in titles
    ] or any("Philippines" in t or "Filipino" in t for t in titles)
    assert result.corrected_query


def test_it_combines_text_with_facets():
    titles, result = found("q=remittance&country=CH")
    assert titles and all("Switzerland" in t for t in titles)
    assert result.facet_counts["country"]["SE"] == 1  # the country facet ignores its filter


def test_it_finds_nothing_for_gibberish_without_error():
    titles, result = found("q=zzqqxx")
    assert titles == [] and result.total == 0


def test_it_marks_the_matched_words_in_snippets():
    from practices.search import text as text_search

    practice = Practice.objects.get(title="ILO Fair Migration Agenda")
    snippet = text_search.snippets("recruit", [practice.pk])[practice.pk]
    assert "<mark>recruit" in snippet


def test_snippets_escape_what_the_text_holds():
    from practices.search import text as text_search

    practice = Practice.objects.get(title="Remittance price comparison website (Sweden)")
    payload = '<img src=x onerror="alert(1)"> remittance <script>alert(2)</script>'
    Practice.objects.filter(pk=practice.pk).update(summary=payload)
    snippet = text_search.snippets("remittance", [practice.pk])[practice.pk]
    assert "<img" not in snippet and "<script" not in snippet
    assert "<mark>remittance</mark>" in snippet


def test_the_database_is_the_one_configured():
    """Guards the suite itself: the PostgreSQL run really runs on PostgreSQL."""
    import os

    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected
