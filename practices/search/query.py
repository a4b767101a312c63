"""The read path of `/practices/`: parse the query string, filter, count facets, page.

Everything runs on the facet index (`index`) except the text match, which the database
answers (`text`); the page's practices are then fetched by id. The facets, their order on the
page and their labels come from the registry (`facets`).
"""

import math
from dataclasses import dataclass, field
from functools import reduce
from urllib.parse import urlencode

import numpy as np
from django.http import QueryDict
from django.utils.formats import number_format
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from practices.models import Practice

from . import text as text_search
from .facets import FACET_LABELS, FACET_NAMES, PAGE_ORDER
from .filters import SORTS, YEAR_MAX, YEAR_MIN, PracticeFilter
from .index import current_index

PAGE_SIZE = 20
MAX_VALUES_PER_FACET = 50
MAX_QUERY_LENGTH = 200


@dataclass
class Query:
    q: str = ""
    facets: dict = field(default_factory=dict)  # facet -> list of values
    year_from: int | None = None
    year_to: int | None = None
    sort: str = "newest"
    page: int = 1
    notices: list = field(default_factory=list)

    def params(self, **changes):
        """The query as a list of (name, value) pairs, for links and exports."""
        pairs = []
        if self.q:
            pairs.append(("q", self.q))
        for facet in FACET_NAMES:
            pairs.extend((facet, value) for value in self.facets.get(facet, []))
        if self.year_from is not None:
            pairs.append(("year_from", self.year_from))
        if self.year_to is not None:
            pairs.append(("year_to", self.year_to))
        if self.sort != self.default_sort:
            pairs.append(("sort", self.sort))
        return pairs

    @property
    def default_sort(self):
        return "relevance" if self.q else "newest"

    @property
    def has_filters(self):
        return bool(self.facets or self.year_from is not None or self.year_to is not None)


def _as_year(raw, name, notices):
    if raw in (None, ""):
        return None
    try:
        year = int(str(raw).strip())
    except ValueError:
        notices.append(
            _("“%(value)s” is not a year; the %(name)s filter was ignored.")
            % {"value": str(raw)[:20], "name": name}
        )
        return None
    if not YEAR_MIN <= year <= YEAR_MAX:
        notices.append(
            _("%(value)s is outside %(min)s–%(max)s; the %(name)s filter was ignored.")
            % {"value": year, "min": YEAR_MIN, "max": YEAR_MAX, "name": name}
        )
        return None
    return year


def parse(params, index):
    """Read a query string leniently: unknown values and malformed numbers are dropped, and a
    notice says so, so that a mistyped link still shows a page."""
    notices = []
    query = Query(notices=notices)
    raw_q = " ".join(params.getlist("q"))[: MAX_QUERY_LENGTH * 2]
    query.q = " ".join(raw_q.replace("\x00", " ").split())[:MAX_QUERY_LENGTH]
    for facet in FACET_NAMES:
        known = index.values[facet]
        chosen = []
        for raw in params.getlist(facet)[: MAX_VALUES_PER_FACET * 4]:
            value = raw.strip()
            if facet == "country":
                value = value.upper()
            if not value:
                continue
            if value not in known:
                notices.append(
                    _("No %(facet)s “%(value)s” is known; that filter was ignored.")
                    % {"facet": str(FACET_LABELS[facet]).lower(), "value": value[:40]}
                )
            elif value not in chosen:
                chosen.append(value)
        if len(chosen) > MAX_VALUES_PER_FACET:
            chosen = chosen[:MAX_VALUES_PER_FACET]
            notices.append(
                _("Only the first %(n)s values of a filter are used.") % {"n": MAX_VALUES_PER_FACET}
            )
        if chosen:
            query.facets[facet] = chosen
    query.year_from = _as_year(params.get("year_from"), _("from year"), notices)
    query.year_to = _as_year(params.get("year_to"), _("to year"), notices)
    if query.year_from and query.year_to and query.year_from > query.year_to:
        query.year_from, query.year_to = query.year_to, query.year_from
        notices.append(_("The years were swapped so that “from” comes before “to”."))
    sort = params.get("sort", "")
    valid_sorts = {value for value, _label in SORTS}
    if sort and sort not in valid_sorts:
        notices.append(
            _("Unknown sort order “%(value)s”; the default was used.") % {"value": sort[:20]}
        )
    query.sort = sort if sort in valid_sorts else query.default_sort
    if query.sort == "relevance" and not query.q:
        query.sort = "newest"
    raw_page = params.get("page", "1")
    try:
        query.page = max(1, int(raw_page))
    except ValueError:
        notices.append(
            _("“%(value)s” is not a page number; showing the first page.")
            % {"value": raw_page[:20]}
        )
        query.page = 1
    return query


def filterset_for(query, index):
    """The django-filter FilterSet holding this query: the declared contract, validated."""
    data = dict(query.facets)
    if query.q:
        data["q"] = query.q
    if query.year_from is not None:
        data["year_from"] = query.year_from
    if query.year_to is not None:
        data["year_to"] = query.year_to
    data["sort"] = query.sort
    querydict = QueryDict(mutable=True)
    for key, value in data.items():
        querydict.setlist(key, value if isinstance(value, list) else [str(value)])
    return PracticeFilter(querydict, queryset=Practice.objects.published(), index=index)


@dataclass
class Result:
    query: Query
    total: int
    ordered_ids: np.ndarray
    text: object  # text_search.TextResult, when searching for words
    facet_counts: dict
    corrected_query: str = ""


def run(query, index=None):
    """Filter, count and order: everything but fetching the page's rows."""
    index = index or current_index()
    base = index.alive.copy()
    text = None
    corrected = ""
    if query.q:
        text = text_search.search(query.q, index=index)
        corrected = text.corrected_query
        base &= index.mask_of_positions(text.positions)
    if query.year_from is not None or query.year_to is not None:
        base &= index.year_mask(query.year_from, query.year_to)
    masks = {facet: index.facet_mask(facet, values) for facet, values in query.facets.items()}

    def combined(excluding=None):
        return reduce(np.bitwise_and, [m for f, m in masks.items() if f != excluding], base)

    result_mask = combined()
    facet_counts = {}
    for facet in FACET_NAMES:
        facet_counts[facet] = index.counts(
            facet, combined(excluding=facet) if facet in masks else result_mask
        )
    if query.sort == "relevance" and text is not None and len(text):
        ordered = _by_rank(index, result_mask, text)
    elif query.sort == "title":
        ordered = index.ordered_ids(result_mask, index.title_order)
    else:
        ordered = index.ordered_ids(result_mask, index.newest_order)
    return Result(
        query=query,
        total=len(ordered),
        ordered_ids=ordered,
        text=text,
        facet_counts=facet_counts,
        corrected_query=corrected,
    )


def _by_rank(index, mask, text):
    """Ids in mask, best rank first, then newest first."""
    rank_at = np.zeros(index.capacity, dtype=np.float64)
    rank_at[text.positions] = text.scores
    newest = index.ordered_positions(mask, index.newest_order)
    # A stable sort on the rank keeps the newest-first order among equal ranks.
    ordered = newest[np.argsort(-rank_at[newest], kind="stable")]
    return index.ids[ordered]


def page_of(result):
    pages = max(1, math.ceil(result.total / PAGE_SIZE))
    query = result.query
    if query.page > pages:
        query.notices.append(
            _("There are only %(pages)s pages; showing the last one.") % {"pages": pages}
        )
        query.page = pages
    start = (query.page - 1) * PAGE_SIZE
    ids = [int(i) for i in result.ordered_ids[start : start + PAGE_SIZE]]
    practices = {
        p.id: p
        for p in Practice.objects.filter(id__in=ids).prefetch_related(
            "lead_countries", "thematic_areas"
        )
    }
    rows = [practices[i] for i in ids if i in practices]
    if query.q:
        terms = result.text.terms if result.text is not None else None
        marked = text_search.snippets(result.corrected_query or query.q, ids, terms=terms)
        for practice in rows:
            practice.snippet = marked.get(practice.id, "")
    return rows, pages


FACET_ITEM = (
    '<li><input type="checkbox" name="{}" value="{}" id="f-{}-{}"{}>'
    '<label for="f-{}-{}">{} <span class="count">{}</span></label></li>'
)


def facet_groups(result, index):
    """What the filter panel shows: per facet, its values with counts; none that leads nowhere.

    The checkboxes are rendered here rather than in the template: with hundreds of values on
    every page, the template's per-variable lookups were most of the page's time.
    """
    query = result.query
    groups = []
    checked = mark_safe(" checked")  # noqa: S308 - a constant
    for facet in PAGE_ORDER:
        selected = set(query.facets.get(facet, []))
        counts = result.facet_counts[facet]
        items = [
            (entry, counts.get(entry.value, 0))
            for entry in index.values[facet].values()
            if counts.get(entry.value, 0) or entry.value in selected
        ]
        if not items:
            continue
        html = format_html_join(
            "",
            FACET_ITEM,
            (
                (
                    facet,
                    entry.value,
                    facet,
                    number,
                    checked if entry.value in selected else "",
                    facet,
                    number,
                    entry.label,
                    number_format(count, force_grouping=True),
                )
                for number, (entry, count) in enumerate(items, start=1)
            ),
        )
        groups.append(
            {
                "name": facet,
                "label": FACET_LABELS[facet],
                "items_html": html,
                "active": bool(selected),
                "long": len(items) > 12,
            }
        )
    return groups


def chips(query, index):
    """Active filters, each with the link that removes it."""
    result = []
    base = query.params()
    for facet, values in query.facets.items():
        for value in values:
            remaining = [(k, v) for k, v in base if not (k == facet and v == value)]
            result.append(
                {
                    "label": f"{FACET_LABELS[facet]}: {index.values[facet][value].label}",
                    "url": "?" + urlencode(remaining),
                }
            )
    for name, label in (("year_from", _("From")), ("year_to", _("To"))):
        value = getattr(query, name)
        if value is not None:
            remaining = [(k, v) for k, v in base if k != name]
            result.append({"label": f"{label}: {value}", "url": "?" + urlencode(remaining)})
    return result


def practice_list_page(params):
    index = current_index()
    query = parse(params, index)
    result = run(query, index)
    rows, pages = page_of(result)
    base_params = query.params()
    keep_q = [("q", query.q)] if query.q else []
    return {
        "query": query,
        "result": result,
        "practices": rows,
        "page": query.page,
        "first_number": (query.page - 1) * PAGE_SIZE + 1,
        "pages": pages,
        "page_links": _page_links(query.page, pages, base_params),
        "facet_groups": facet_groups(result, index),
        "chips": chips(query, index),
        "clear_url": "?" + urlencode(keep_q) if keep_q else "?",
        "sorts": SORTS,
        "export_csv": "?" + urlencode([*base_params, ("format", "csv")]),
        "export_json": "?" + urlencode([*base_params, ("format", "json")]),
        "feed_url": "/feeds/practices/?" + urlencode([p for p in base_params if p[0] != "sort"]),
    }


def _page_links(page, pages, params):
    def url(number):
        return (
            "?" + urlencode([*params, ("page", number)]) if number > 1 else "?" + urlencode(params)
        )

    numbers = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    links, previous = [], 0
    for number in numbers:
        if number - previous > 1:
            links.append({"gap": True})
        links.append({"number": number, "url": url(number), "current": number == page})
        previous = number
    return {
        "items": links,
        "previous": url(page - 1) if page > 1 else None,
        "next": url(page + 1) if page < pages else None,
    }
