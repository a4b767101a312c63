"""Search and browse of the published practices: the read path of `/practices/` and what
keeps it in step with the database.

- `facets`: the facet registry, each filter declared once (parameter, relation, identifier,
  label, order on the page). The field registry of practices is `practices.fields`.
- `query`: parse a query string leniently, filter, count facets, order, page.
- `index`: the in-memory facet index (bitsets per facet value) and its holder.
- `changes`: the index change log (written with each change, read by every process), pruned.
- `signals`: the one path by which a change to practices reaches search and the public
  page-cache generation; only changes to what visitors see count.
- `document`: the search document and the search columns (SQLite text, PostgreSQL vectors).
- `syntax`: accent folding and the `websearch` query syntax.
- `text`: full-text matching, ranking, spelling correction and snippets.
- `filters`: the django-filter FilterSet, the declared query-string contract.
- `counts`: per-value counts for pages other than `/practices/` (and their ORM reference).
- `exports`: CSV and JSON exports of a result, streamed.

The names most callers need are importable from here.
"""

from .index import current_index
from .query import (
    PAGE_SIZE,
    Query,
    Result,
    filterset_for,
    page_of,
    parse,
    practice_list_page,
    run,
)

__all__ = [
    "PAGE_SIZE",
    "Query",
    "Result",
    "current_index",
    "filterset_for",
    "page_of",
    "parse",
    "practice_list_page",
    "run",
]
