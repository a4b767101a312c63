"""The BM25 ranking on the report's practices, the same on both databases: several plain words,
rarity and field weights, stemming, the last word as a prefix, content languages, and the
spelling lexicon's published-only words."""

import numpy as np
import pytest
from django.http import QueryDict
from django.utils import timezone, translation

from pfp.moderation.models import ReviewState
from practices import search
from practices.models import Practice
from practices.search import engine
from practices.search import text as text_search
from practices.search.changes import practices_changed
from practices.search.index import current_index
from practices.search.syntax import words
from tests.factories import make_practice

HEALTH_RECRUITMENT = {
    "Code of practice for the ethical recruitment of international healthcare professionals "
    "(United Kingdom)",
    "Implementing the WHO Global Code of Practice on international recruitment of health "
    "personnel (Norway)",
    "Incorporating the WHO Global Code of Practice into national law (Kenya)",
    "Global Health Workforce Alliance",
    "International Recruitment Integrity System (IRIS)",
}

MEMORANDUM = "Memorandum of Agreement on Healthcare Services Cooperation (Philippines and Bahrain)"


def ranked(q, **params):
    index = current_index()
    query = search.parse(_querydict(q=q, **params), index)
    result = search.run(query, index)
    by_id = dict(Practice.objects.values_list("id", "title"))
    return [by_id[int(i)] for i in result.ordered_ids], result


def _querydict(**params):
    data = QueryDict(mutable=True)
    for key, value in params.items():
        data[key] = value
    return data


def _set_state(practice, state):
    Practice.objects.filter(pk=practice.pk).update(
        review_state=state, published_at=timezone.now() if state == ReviewState.PUBLISHED else None
    )
    practices_changed([practice.pk])


def publish(practice):
    _set_state(practice, ReviewState.PUBLISHED)


def unpublish(practice):
    _set_state(practice, ReviewState.UNPUBLISHED)


def draft(**fields):
    return make_practice(state=ReviewState.DRAFT, **fields)


@pytest.fixture(autouse=True)
def _data(report_practices):
    pass


def test_a_longer_query_narrows_the_ranking_instead_of_emptying_it():
    titles, _ = ranked("health workers recruitment")
    assert len(HEALTH_RECRUITMENT & set(titles[:6])) >= 4
    fewer, _ = ranked("recruitment")
    assert titles and len(titles) >= len(fewer)


def test_a_practice_holding_more_of_the_words_ranks_higher():
    titles, _ = ranked("trafficking women girls")
    assert titles[0] == (
        "Collaborative Action Programme to Prevent Trafficking of Women and Girls in South Asia"
    )
    # The Dutch rapporteur holds "trafficking" only: found, but below.
    assert (
        "National Rapporteur on Trafficking in Human Beings and Sexual Violence against "
        "Children (Netherlands)" in titles[1:]
    )


def test_a_word_in_nearly_every_practice_weighs_little():
    """ "migration" is everywhere, "remittance" in a few: the remittance practices lead."""
    titles, _result = ranked("migration remittance")
    assert all("emittance" in title for title in titles[:4])
    # "Migration" in a title weighs less than "remittance" in one.
    assert titles.index("Migration and Development association (Morocco)") > 3
    assert len(titles) > 10  # the common word still finds, it only weighs little


def test_a_title_outweighs_a_body_and_names():
    titles, _ = ranked("diaspora")
    assert titles[0] in {"Diaspora Business Center", "African Diaspora Policy Centre"}


def test_stemming_finds_other_forms_on_both_databases():
    assert "International Recruitment Integrity System (IRIS)" in ranked("recruiting")[0]
    assert "Remittance price comparison website (Sweden)" in ranked("remittances")[0]
    costs, _ = ranked("costs")
    assert costs and set(costs) <= set(ranked("cost")[0])


def test_the_last_word_matches_as_a_prefix_while_typed():
    titles, _ = ranked("price compar")
    assert titles[0].startswith("Remittance price comparison website")
    # Only the last word: "compar price" holds no word starting with "compar" in the middle.
    assert ranked("remitt")[0][:3] == ranked("remittance")[0][:3]


def test_a_prefix_counts_less_than_the_whole_word():
    _titles, result = ranked("diaspo")
    _titles, whole = ranked("diaspora")
    assert result.text.scores.max() < whole.text.scores.max()


def test_or_and_exclusion_and_phrases_still_work():
    either, _ = ranked("trafficking OR remittance")
    assert set(either) == set(ranked("trafficking remittance")[0])
    without, _ = ranked("remittance -switzerland")
    assert not any("Switzerland" in t for t in without)
    phrase, _ = ranked('"price comparison"')
    assert phrase and all("price comparison" in t.lower() for t in phrase)
    excluded, _ = ranked('remittance -"price comparison"')
    assert excluded and not any("price comparison" in t.lower() for t in excluded)


def test_a_french_practice_is_stemmed_in_french_and_its_stop_words_do_not_match():
    practice = draft(
        title="Insertion professionnelle des travailleurs migrants",
        summary="Les travailleurs migrants de retour trouvent un emploi dans leur région.",
        language="fr",
    )
    publish(practice)
    with translation.override("fr"):
        assert practice.title in ranked("travailleur")[0]
        assert practice.title in ranked("régions")[0]  # accents folded, plural stemmed
        assert practice.title not in ranked("les")[0]  # a French stop word


def test_the_query_is_matched_in_the_interface_language_and_in_english():
    practice = draft(
        title="Programa de empleo para trabajadores migrantes",
        summary="Los trabajadores migrantes encuentran empleo.",
        language="es",
    )
    publish(practice)
    with translation.override("es"):
        assert practice.title in ranked("trabajador")[0]  # Spanish stemming of the query
        assert "International Recruitment Integrity System (IRIS)" in ranked("recruiting")[0]
    with translation.override("en"):
        # The other content languages count too: Spanish words find Spanish practices.
        assert practice.title in ranked("trabajadores")[0]


def test_a_misspelt_word_is_corrected_from_published_practices_only():
    practice = draft(title="Zanzibarian seaweed cooperatives", summary="Seaweed.")
    titles, result = ranked("zanzibarain")
    assert result.corrected_query == "" and titles == []  # the draft's word does not leak
    publish(practice)
    titles, result = ranked("zanzibarain")
    assert result.corrected_query == "zanzibarian" and practice.title in titles
    unpublish(practice)
    titles, result = ranked("zanzibarain")
    assert result.corrected_query == "" and titles == []  # gone with its practice


def test_a_word_being_typed_is_not_corrected():
    _titles, result = ranked("remitt")
    assert result.corrected_query == ""


def test_the_scores_are_lucenes_bm25_as_bm25s_computes_it():
    """One field of weight 1: the index's scores equal bm25s's (method "lucene")."""
    bm25s = pytest.importorskip("bm25s")
    rows = list(Practice.objects.published().values_list("summary", flat=True))
    analyzer = engine.Analyzer("en")
    corpus = [[t for t in map(analyzer.stem, words(s)) if t] for s in rows]
    original = engine.FIELD_WEIGHTS
    engine.FIELD_WEIGHTS = {"body": 1.0}
    try:
        index = engine.index_documents(
            ((at, "en", {"body": s}) for at, s in enumerate(rows)), len(rows)
        )
    finally:
        engine.FIELD_WEIGHTS = original
    reference = bm25s.BM25(method="lucene", k1=engine.K1, b=engine.B)
    reference.index(corpus, show_progress=False)
    for query in (["remitt", "cost"], ["recruit"], ["migrat", "health", "worker"]):
        ours = sum(
            engine.score_vector(index, {index.term_id(t): 1.0}, len(rows), len(rows))
            for t in query
            if index.term_id(t) is not None
        )
        theirs = reference.get_scores(query)
        assert np.allclose(ours, theirs, rtol=1e-3, atol=1e-4), query


def test_an_index_patched_change_by_change_ranks_as_a_fresh_one(monkeypatch):
    monkeypatch.setattr(engine, "MERGE_AT", 2)  # merge the delta on the way, too
    assert current_index().text_index.documents  # built now, then patched
    practices = [
        draft(title=f"Remittance corridor study {n}", summary="Remittance costs.") for n in range(4)
    ]
    for practice in practices:
        publish(practice)
        current_index()
    unpublish(practices[0])
    patched_titles, patched = ranked("remittance costs")
    from practices.search.index import holder

    holder.reset()
    fresh_titles, fresh = ranked("remittance costs")
    assert patched_titles == fresh_titles
    # The patched practices are scored with the average length of the build: close, not equal.
    assert np.allclose(np.sort(patched.text.scores), np.sort(fresh.text.scores), rtol=0.05)
    assert practices[0].title not in fresh_titles


def test_text_search_runs_no_sql_beyond_the_freshness_checks(django_assert_max_num_queries):
    assert current_index().text_index.documents
    text_search.search("health")  # reads the variants once
    with django_assert_max_num_queries(2):  # the change log and the public generation
        text_search.search("health workers recruitment")


def test_content_in_another_language_than_the_page_carries_lang(client):
    practice = draft(title="Programme d'emploi", summary="Les travailleurs.", language="fr")
    publish(practice)
    english = client.get(practice.get_absolute_url()).content.decode()
    assert '<h1 lang="fr">' in english and '<p class="lead" lang="fr">' in english
    listing = client.get("/practices/?q=travailleurs").content.decode()
    assert 'class="card-title" lang="fr"' in listing
    other = Practice.objects.get(title="Diaspora Business Center")
    page = client.get(other.get_absolute_url()).content.decode()
    assert "<h1>Diaspora Business Center</h1>" in page  # English on an English page: no lang


def test_spelling_variants_find_each_other():
    labor, _ = ranked("labor")
    assert "Labour migration data in the Labour Market Information System (Ghana)" in labor
    program, _ = ranked("program")
    assert "Happy Return Programme (Republic of Korea)" in program


def test_a_compound_finds_its_words_and_the_words_the_compound():
    titles, _ = ranked("health care")
    assert MEMORANDUM in titles[:3]
    practice = draft(title="Mobile clinics", summary="Primary health care for seasonal workers.")
    publish(practice)
    assert practice.title in ranked("healthcare")[0]
    assert "Global Health Workforce Alliance" not in ranked("healthcare")[0]  # "health" alone


def test_a_demonym_finds_its_country():
    titles, _ = ranked("Filipino")
    assert MEMORANDUM in titles  # which says "Philippines", never "Filipino"


def test_an_acronym_finds_its_full_name_and_back():
    full = draft(title="Fair recruitment pilot", summary="With the International Labour Office.")
    short = draft(title="Decent work pilot", summary="Run with the ILO in three countries.")
    publish(full)
    publish(short)
    assert full.title in ranked("ILO")[0]
    assert short.title in ranked("International Labour Organization")[0]


def test_a_misspelt_word_next_to_a_variant_is_corrected_into_it():
    _titles, result = ranked("helth care")
    assert result.corrected_query == "health care"


def test_a_variant_staff_add_in_the_admin_is_used_by_the_next_search():
    from pfp.taxonomy.models import SearchVariant

    assert ranked("moneygram")[0] == []
    SearchVariant.objects.create(kind="other", terms="moneygram\nremittance")
    assert "Remittance price comparison website (Sweden)" in ranked("moneygram")[0]


def test_a_word_is_not_corrected_into_a_longer_different_one():
    """ "brain" is no slip for "Bahrain" (two letters more in a short word)."""
    _titles, result = ranked("brain drain doctors")
    assert "bahrain" not in result.corrected_query


def test_a_quoted_phrase_with_a_stop_word_is_found():
    practice = draft(title="Fisheries of the Gulf of Guinea coast", summary="Fishing.")
    publish(practice)
    assert ranked('"Gulf of Guinea coast"')[0] == [practice.title]
    assert ranked('"Guinea of Gulf"')[0] == []  # still a phrase, in its order
    assert ranked('"Gulf Guinea"')[0] == []  # the stop word keeps its place


def test_a_word_that_is_a_stop_word_in_another_language_still_counts():
    """ "sea" is a Spanish stop word, not an English one."""
    practice = draft(title="Sea transport jobs", summary="Ports.")
    publish(practice)
    assert ranked("sea")[0] == [practice.title]
