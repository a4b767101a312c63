"""Quoted phrases are checked against the word offsets of the text index, in memory."""

import numpy as np

from practices.search import engine

DOCUMENTS = [
    {"title": "Health workers recruitment"},
    {"title": "Workers in health"},
    {"title": "Health of workers"},
    {"title": "Health", "summary": "Workers of the coast"},  # the words in two fields
    {"title": "Recruitment of health workers", "summary": "Health workers, again."},
]


def build(documents=DOCUMENTS):
    return engine.index_documents(
        ((at, "en", fields) for at, fields in enumerate(documents)), len(documents) + 4
    )


def phrase(index, *words, candidates=None):
    """The positions holding words as a phrase; None in words stands for a stop word."""
    analyzer = engine.analyzer("en")
    steps = [(at, index.term_id(analyzer.stem(word))) for at, word in enumerate(words) if word]
    first = steps[0][0]
    steps = [(at - first, term_id) for at, term_id in steps]
    if candidates is None:
        candidates = np.ones(index.stale.size, dtype=bool)
    return set(np.flatnonzero(index.phrase_mask(steps, candidates)).tolist())


def test_a_phrase_is_its_words_in_order_and_next_to_each_other():
    index = build()
    assert phrase(index, "health", "workers") == {0, 4}
    assert phrase(index, "workers", "health") == set()


def test_a_stop_word_keeps_its_place_in_a_phrase():
    index = build()
    assert phrase(index, "health", None, "workers") == {2}  # "health of workers"
    assert phrase(index, "workers", None, "health") == {1}  # "in" stands for any stop word


def test_a_phrase_does_not_run_from_one_field_into_the_next():
    assert 3 not in phrase(build(), "health", "workers")


def test_only_the_candidates_are_checked():
    index = build()
    candidates = np.zeros(index.stale.size, dtype=bool)
    candidates[4] = True
    assert phrase(index, "health", "workers", candidates=candidates) == {4}


def test_a_changed_practice_is_found_by_its_new_words_before_and_after_a_merge():
    index = build()
    analysed = engine.analyse("en", {"title": "Coast health workers"})
    ids = [index.term_id(t) for t in analysed.frequencies]
    assert None not in ids
    index.remove([0])
    index.add([(7, *engine.unpack(engine.pack(ids, analysed)))])
    assert phrase(index, "health", "workers") == {4, 7}  # the delta, and the main arrays
    index.merge()
    assert phrase(index, "health", "workers") == {4, 7}
    assert phrase(index, "workers", "recruitment") == set()  # position 0's old words are gone
    index.remove([7])
    assert phrase(index, "health", "workers") == {4}


def test_a_build_in_several_batches_holds_what_one_batch_holds(monkeypatch):
    whole = build()
    monkeypatch.setattr(engine, "BUILD_BATCH", 2)
    batched = build()
    for term_id in whole.term_of:
        for held, wanted in zip(batched.postings(term_id), whole.postings(term_id), strict=True):
            assert np.array_equal(held, wanted)
        everywhere = np.ones(whole.stale.size, dtype=bool)
        assert np.array_equal(
            batched.occurrences(term_id, everywhere), whole.occurrences(term_id, everywhere)
        )
    assert phrase(batched, "health", "workers") == {0, 4}
