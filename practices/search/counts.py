"""Counts of published practices per facet value, for pages other than `/practices/`.

A facet value is always a public identifier (a theme slug, a target code, an ISO country code),
never a database id.
"""

from collections import defaultdict

from practices.models import Practice

from .facets import FACET_BY_NAME
from .index import current_index


def published_counts(facet):
    """{value: number of published practices} for one facet, values as strings."""
    index = current_index()
    return {value: n for value, n in index.counts(facet, index.alive).items() if n}


def roundtable_theme_matrix():
    """{(roundtable identifier, theme slug): number of published practices} ("Table 2")."""
    index = current_index()
    cells = {}
    for roundtable in index.values["roundtable"].values():
        within = index.matrix[roundtable.row] & index.alive
        if not index.count(within):
            continue
        for theme, n in index.counts("theme", within).items():
            if n:
                cells[(roundtable.value, theme)] = n
    return cells


# The same counts straight from the database: slow at scale, kept as the reference that the
# facet index is tested against.


def orm_published_counts(facet):
    """{value: number of published practices} for one facet, values as strings."""
    practices_by_value = defaultdict(set)
    for path in FACET_BY_NAME[facet].orm_paths:
        rows = (
            Practice.objects.published()
            .filter(**{f"{path}__isnull": False})
            .values_list("id", path)
        )
        for practice_id, value in rows.distinct():
            if value not in ("", None):
                practices_by_value[str(value)].add(practice_id)
    return {value: len(ids) for value, ids in practices_by_value.items()}


def orm_roundtable_theme_matrix():
    """{(roundtable identifier, theme slug): number of published practices} ("Table 2")."""
    rows = (
        Practice.objects.published()
        .filter(roundtables__isnull=False, thematic_areas__isnull=False)
        .values_list("id", "roundtables__identifier", "thematic_areas__slug")
        .distinct()
    )
    cells = defaultdict(set)
    for practice_id, roundtable, theme in rows:
        cells[(roundtable, theme)].add(practice_id)
    return {key: len(ids) for key, ids in cells.items()}
