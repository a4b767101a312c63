"""The text queries of `make bench`: each request of a run asks a query of its own."""

import random

from tests.bench import queries

# Per text row in a default run: 3 warm-up, 30 timed and 1 counted request; two rows a kind.
DEFAULT_RUN = 2 * (3 + 30 + 1)


def test_every_kind_has_enough_queries_for_a_default_run():
    pool = queries.QueryPool()
    for kind in queries.KINDS:
        taken, repeats = pool.take(kind, DEFAULT_RUN)
        assert repeats == 0, kind
        assert len(set(taken)) == DEFAULT_RUN


def test_it_never_hands_out_a_query_twice():
    pool = queries.QueryPool()
    taken = [q for kind in queries.KINDS for q in pool.take(kind, 50)[0]]
    assert len(taken) == len(set(taken))


def test_it_says_when_a_kind_runs_out():
    pool = queries.QueryPool()
    available = len(queries.candidates("one word", random.Random(0)))
    taken, repeats = pool.take("one word", available + 5)
    assert repeats == 5
    assert len(taken) == available + 5


def test_each_kind_reads_as_its_name_says():
    pool = queries.QueryPool()
    words = set(queries._words())
    assert all(q in words for q in pool.take("one word", 20)[0])
    assert all(len(q.split()) >= 2 for q in pool.take("several words", 20)[0])
    assert all(q.startswith('"') and q.endswith('"') for q in pool.take("phrase", 20)[0])
    assert all(" -" in q for q in pool.take("exclusion", 20)[0])
    assert not words & set(pool.take("misspelling", 100)[0])
    for prefix in pool.take("prefix", 20)[0]:
        assert any(w.startswith(prefix) and len(w) > len(prefix) for w in words)
