#!/usr/bin/env python3
"""Search relevance of a running portal on judged queries.

    python3 tests/relevance/relevance.py http://127.0.0.1:8000
    python3 tests/relevance/relevance.py http://127.0.0.1:8000 --queries more.csv

Copied from the shared folder of the GFMD's PfP work (`../shared/search/relevance.py`, with
its development set `relevance_dev.csv`, both as of 2026-12-01), so that the repository scores
its search without that folder. The metrics are unchanged; what was added is `--queries` (any
number of query files, the development set when none is given) and `score()`, which
`tests/relevance/run.py` (`make relevance`) calls.

The portal must hold the 32 report practices (`manage.py load_pfp_data`); PostgreSQL is what
production runs. Each row of a query file is a query and the titles of the practices that
answer it, best first, separated by " | " (columns `query,relevant_titles`). The portal's
order is read from `/practices/?q=...&format=json`, which keeps the page's order. Prints each
query that finds no relevant practice in its top 5, then nDCG@10 (graded: the first-listed
practice counts most), P@1 and hit@5.

Stdlib only.
"""

import argparse
import csv
import json
import math
import os
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
DEVELOPMENT_SET = os.path.join(HERE, "relevance_dev.csv")


def judged(path=DEVELOPMENT_SET):
    """[(query, [relevant titles, best first])] of one query file, in its order."""
    with open(path, encoding="utf-8") as f:
        return [(r["query"], r["relevant_titles"].split(" | ")) for r in csv.DictReader(f)]


def ranked_titles(base, query):
    url = f"{base}/practices/?" + urllib.parse.urlencode({"q": query, "format": "json"})
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - our own server
        data = json.load(response)
    if isinstance(data, dict):
        data = next(
            (v for v in data.values() if isinstance(v, list) and v and isinstance(v[0], dict)),
            [],
        )
    return [str(item.get("title", "")).strip().lower() for item in data]


def ndcg_at_10(got, relevant):
    gains = {title.lower(): 1 / math.sqrt(1 + i) for i, title in enumerate(relevant)}
    dcg = sum(gains.get(t, 0) / math.log2(i + 2) for i, t in enumerate(got[:10]))
    ideal = sum(
        g / math.log2(i + 2) for i, g in enumerate(sorted(gains.values(), reverse=True)[:10])
    )
    return dcg / ideal


def score(base, queries):
    """nDCG@10, P@1 and hit@5 of the portal at base on [(query, relevant titles)].

    Returns {"queries", "ndcg10", "p1", "hits", "misses"}; misses are (query, top 5) of the
    queries that find no relevant practice in their top 5.
    """
    total = p1 = hits = 0
    misses = []
    for query, relevant in queries:
        got = ranked_titles(base, query)
        wanted = {t.lower() for t in relevant}
        total += ndcg_at_10(got, relevant)
        p1 += bool(got) and got[0] in wanted
        if any(t in wanted for t in got[:5]):
            hits += 1
        else:
            misses.append((query, got[:5]))
    n = len(queries)
    return {
        "queries": n,
        "ndcg10": total / n if n else 0.0,
        "p1": p1 / n if n else 0.0,
        "hits": hits,
        "misses": misses,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument(
        "--queries",
        action="append",
        metavar="FILE",
        help="a query file (query,relevant_titles); repeat for more; default the development set",
    )
    arguments = parser.parse_args()
    queries = [row for path in arguments.queries or [DEVELOPMENT_SET] for row in judged(path)]
    figures = score(arguments.base.rstrip("/"), queries)
    for query, top in figures["misses"]:
        print(f"no relevant practice in the top 5: {query!r} -> {top}")
    n = figures["queries"]
    print(
        f"{n} queries: nDCG@10 {figures['ndcg10']:.2f}, P@1 {figures['p1']:.2f}, "
        f"hit@5 {figures['hits']}/{n}"
    )


if __name__ == "__main__":
    main()
