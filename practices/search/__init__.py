"""Search and browse of the published practices: the read path of `/practices/` and what
keeps it in step with the database.

- `facets`: the facet registry, each filter declared once (parameter, relation, identifier,
  label, order on the page). The field registry of practices is `practices.fields`.
- `query`: parse a query string leniently, filter, count facets, order, page.
- `index`: the in-memory facet index (bitsets per facet value) and its holder; it holds the
  text index too.
- `engine`: the text index: BM25 over the published practices' stemmed words, per process.
- `changes`: the index change log (written with each change, read by every process), pruned.
- `signals`: the one path by which a change to practices reaches search and the public
  page-cache generation; only changes to what visitors see count.
- `document`: each practice's text by field, for the text index, and the search document
  column in which phrases are checked.
- `syntax`: accent folding and the query syntax (words, "phrases", -exclusions, OR).
- `text`: what a query means: words in each language, variants, prefixes, phrases,
  exclusions, spelling corrections, snippets.
- `filters`: the django-filter FilterSet, the declared query-string contract.
- `counts`: per-value counts for pages other than `/practices/` (and their ORM reference).
- `exports`: CSV and JSON exports of a result, streamed.

The names most callers need are importable from here.
"""

import threading

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


def warm_up():
    """Build this process's facet and text indexes in the background, so that the first
    visitor's search does not wait for them (`PFP_WARM_UP` in the settings, run by
    `pfp.wsgi`). Requests that arrive meanwhile wait for the build they need."""

    def build():
        from django.db import connection

        try:
            _built = current_index().text_index
        finally:
            connection.close()

    threading.Thread(target=build, name="search-warm-up", daemon=True).start()
