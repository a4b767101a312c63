"""The relevance scorer's metrics and its development set (`make relevance` runs the scorer)."""

import csv

from django.conf import settings

from tests.relevance import relevance


def test_it_scores_the_ideal_order_one():
    relevant = ["A", "B", "C"]
    assert relevance.ndcg_at_10(["a", "b", "c"], relevant) == 1.0


def test_it_scores_a_worse_order_lower():
    relevant = ["A", "B", "C"]
    assert relevance.ndcg_at_10(["c", "b", "a"], relevant) < 1.0
    assert relevance.ndcg_at_10(["x", "y", "z"], relevant) == 0.0


def test_it_counts_only_the_first_ten():
    assert relevance.ndcg_at_10([*"abcdefghij", "z"], ["Z"]) == 0.0


def test_every_judged_title_is_a_report_practice():
    """A title that matches no practice would be a query no engine can answer."""
    path = settings.PFP_FIXTURES_DIR / "practices_from_report.csv"
    with open(path, encoding="utf-8") as f:
        titles = {row["title"] for row in csv.DictReader(f)}
    queries = relevance.judged()
    assert len(queries) == 24
    unknown = {title for _query, relevant in queries for title in relevant} - titles
    assert unknown == set()
