"""The read path of `/practices/`: parse the query string, filter, count facets, page.

Everything runs on the facet index (`index`) except the text match, which the database
answers (`text`); the page's practices are then fetched by id. The facets, their order on the
page and their labels come from the registry (`facets`).
"""

import math
import re
from dataclasses import dataclass, field
from functools import reduce
from urllib.parse import urlencode

import numpy as np
from django.http import QueryDict
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from practices.models import Practice

from . import text as text_search
from .exports import FORMATS
from .facets import FACET_LABELS, FACET_NAMES, PAGE_ORDER
from .filters import SORTS, YEAR_MAX, YEAR_MIN, PracticeFilter
from .index import current_index

PAGE_SIZE = 20
MAX_VALUES_PER_FACET = 50
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class Problem:
    """What is wrong with one parameter, for the exports' 400 answer."""

    parameter: str
    value: str
    message: str


@dataclass
class Query:
    q: str = ""
    facets: dict = field(default_factory=dict)  # facet -> list of values
    year_from: int | None = None
    year_to: int | None = None
    sort: str = "newest"
    page: int = 1
    spell: bool = True  # correct misspelt words; `spell=off` searches for the words as typed
    format: str = ""  # an export format asked for, valid or not; "" for the page
    notices: list = field(default_factory=list)  # what the page says it did about bad input
    problems: list = field(default_factory=list)  # every bad input, as Problems

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
        if self.q and not self.spell:
            pairs.append(("spell", "off"))
        return pairs

    @property
    def default_sort(self):
        return "relevance" if self.q else "newest"

    @property
    def has_filters(self):
        return bool(self.facets or self.year_from is not None or self.year_to is not None)


EXPORT_FORMATS = tuple(FORMATS)
# Parameters that take one value; a second, different one is a problem for the exports.
SINGLE_VALUED = ("year_from", "year_to", "sort", "page", "spell", "format")


def _with_region_aliases(params, index):
    """The URL contract's `region` also takes M49 sub-regions and intermediate regions
    (`region=western-africa`): such values are read as `subregion`, the facet that holds them,
    and the page's links then name them so."""
    regions = index.values.get("region", {})
    subregions = index.values.get("subregion", {})
    given = params.getlist("region")
    moved = [v for v in given if v.strip() not in regions and v.strip() in subregions]
    if not moved:
        return params
    params = params.copy()
    params.setlist("region", [v for v in given if v not in moved])
    params.setlist("subregion", [*params.getlist("subregion"), *moved])
    return params


def _shown(value, limit=40):
    """A value as quoted in a message: short, and on one line."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(value))
    return text[:limit]


def _in_a_sentence(label):
    """A facet's label inside a sentence: "thematic area", but "GFMD summit" and "SDG"."""
    label = str(label)
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


class _Report:
    """Collects what is wrong with a query string: notices for the page, and every problem,
    structured, for the exports that refuse them."""

    def __init__(self, query):
        self.query = query

    def __call__(self, parameter, value, problem, notice=None):
        self.query.problems.append(Problem(parameter, str(value)[:200], str(problem)))
        if notice is not None:
            self.query.notices.append(str(notice))


def _as_year(raw, parameter, name, report):
    if raw in (None, ""):
        return None
    try:
        year = int(str(raw).strip())
    except ValueError:
        values = {"value": _shown(raw, 20), "name": name}
        report(
            parameter,
            raw,
            _("“%(value)s” is not a year.") % values,
            _("“%(value)s” is not a year; the %(name)s filter was ignored.") % values,
        )
        return None
    if not YEAR_MIN <= year <= YEAR_MAX:
        values = {"value": year, "min": YEAR_MIN, "max": YEAR_MAX, "name": name}
        report(
            parameter,
            raw,
            _("%(value)s is outside %(min)s–%(max)s.") % values,
            _("%(value)s is outside %(min)s–%(max)s; the %(name)s filter was ignored.") % values,
        )
        return None
    return year


def parse(params, index):
    """Read a query string leniently: unknown values and malformed numbers are dropped, and a
    notice says so, so that a mistyped link still shows a page.

    Every bad input is also recorded in `query.problems`, including the slips the page passes
    over in silence (a search text cut at its length limit, a parameter given twice): the
    exports answer any problem with 400 rather than a result other than the one asked for.
    Parameters that are not part of the contract (`utm_source` …) are ignored by both.
    """
    params = _with_region_aliases(params, index)
    query = Query()
    report = _Report(query)
    raw_q = " ".join(params.getlist("q"))
    text = " ".join(raw_q[: MAX_QUERY_LENGTH * 2].replace("\x00", " ").split())
    query.q = text[:MAX_QUERY_LENGTH]
    if len(text) > MAX_QUERY_LENGTH or raw_q[MAX_QUERY_LENGTH * 2 :].strip():
        report(
            "q",
            raw_q,
            _("The search text is longer than %(n)s characters.") % {"n": MAX_QUERY_LENGTH},
        )
    for facet in FACET_NAMES:
        known = index.values[facet]
        label = _in_a_sentence(FACET_LABELS[facet])
        chosen, given = [], set()
        for raw in params.getlist(facet):
            value = raw.strip()
            if facet in ("country", "lead"):
                value = value.upper()
            if not value or value in given:
                continue
            given.add(value)
            if len(given) > MAX_VALUES_PER_FACET * 4:
                continue  # counted, not looked up: the count alone is reported
            if value not in known:
                values = {"facet": label, "value": _shown(value)}
                report(
                    facet,
                    raw,
                    _("No %(facet)s “%(value)s” is known.") % values,
                    _("No %(facet)s “%(value)s” is known; that filter was ignored.") % values,
                )
            else:
                chosen.append(value)
        if len(given) > MAX_VALUES_PER_FACET:
            report(
                facet,
                str(len(given)),
                _("At most %(n)s values of %(facet)s may be given; %(count)s were.")
                % {"n": MAX_VALUES_PER_FACET, "facet": label, "count": len(given)},
            )
        if len(chosen) > MAX_VALUES_PER_FACET:
            chosen = chosen[:MAX_VALUES_PER_FACET]
            query.notices.append(
                _("Only the first %(n)s values of a filter are used.") % {"n": MAX_VALUES_PER_FACET}
            )
        if chosen:
            query.facets[facet] = chosen
    for name in SINGLE_VALUED:
        distinct = list(dict.fromkeys(value.strip() for value in params.getlist(name)))
        if len(distinct) > 1:
            report(
                name,
                ", ".join(distinct),
                _("%(name)s may be given only once.") % {"name": name},
            )
    query.year_from = _as_year(params.get("year_from"), "year_from", _("from year"), report)
    query.year_to = _as_year(params.get("year_to"), "year_to", _("to year"), report)
    if query.year_from and query.year_to and query.year_from > query.year_to:
        report(
            "year_from",
            query.year_from,
            _("The from year (%(from)s) comes after the to year (%(to)s).")
            % {"from": query.year_from, "to": query.year_to},
            _("The years were swapped so that “from” comes before “to”."),
        )
        query.year_from, query.year_to = query.year_to, query.year_from
    sort = params.get("sort", "").strip()
    valid_sorts = [value for value, _label in SORTS]
    if sort and sort not in valid_sorts:
        values = {"value": _shown(sort, 20), "choices": ", ".join(valid_sorts)}
        report(
            "sort",
            sort,
            _("Unknown sort order “%(value)s”; use one of %(choices)s.") % values,
            _("Unknown sort order “%(value)s”; the default was used.") % values,
        )
    query.sort = sort if sort in valid_sorts else query.default_sort
    if query.sort == "relevance" and not query.q:
        query.sort = "newest"
    raw_page = params.get("page", "").strip()
    if raw_page:
        try:
            query.page = int(raw_page)
        except ValueError:
            values = {"value": _shown(raw_page, 20)}
            report(
                "page",
                raw_page,
                _("“%(value)s” is not a page number.") % values,
                _("“%(value)s” is not a page number; showing the first page.") % values,
            )
        if query.page < 1:
            report("page", raw_page, _("Page numbers start at 1."))
            query.page = 1
    spell = params.get("spell", "").strip()
    if spell == "off":
        query.spell = False
    elif spell and spell != "on":
        values = {"value": _shown(spell, 20)}
        report(
            "spell",
            spell,
            _("Unknown spelling setting “%(value)s”; use spell=off or spell=on.") % values,
            _("Unknown spelling setting “%(value)s”; misspelt words are still corrected.") % values,
        )
    query.format = params.get("format", "").strip()
    if query.format and query.format not in EXPORT_FORMATS:
        report(
            "format",
            query.format,
            _("Unknown format “%(value)s”; use one of %(choices)s.")
            % {"value": _shown(query.format, 20), "choices": ", ".join(EXPORT_FORMATS)},
        )
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
    # The masks the result is the AND of, by parameter ("q", each facet; the years apart):
    # the empty state counts what taking one away would give.
    masks: dict = field(default_factory=dict)


def run(query, index=None):
    """Filter, count and order: everything but fetching the page's rows."""
    index = index or current_index()
    base = index.alive.copy()
    text = None
    corrected = ""
    masks = {}
    if query.q:
        text = text_search.search(query.q, correct=query.spell, index=index)
        corrected = text.corrected_query
        masks["q"] = index.mask_of_positions(text.positions)
        base &= masks["q"]
    if query.year_from is not None or query.year_to is not None:
        base &= index.year_mask(query.year_from, query.year_to)
    facet_masks = {facet: index.facet_mask(facet, values) for facet, values in query.facets.items()}
    masks.update(facet_masks)

    def combined(excluding=None):
        return reduce(np.bitwise_and, [m for f, m in facet_masks.items() if f != excluding], base)

    result_mask = combined()
    facet_counts = {}
    for facet in FACET_NAMES:
        facet_counts[facet] = index.counts(
            facet, combined(excluding=facet) if facet in facet_masks else result_mask
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
        masks=masks,
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
    '<li><input type="checkbox" name="{facet}" value="{value}" id="{id}"{checked}>'
    '<label for="{id}"{title}>{label} <span class="count">{count}</span></label></li>'
)


def facet_groups(result, index):
    """What the filter panel shows: per facet, its values with counts; none that leads nowhere.

    The checkboxes are rendered here rather than in the template: with hundreds of values on
    every page, the template's per-variable lookups were most of the page's time.
    """
    query = result.query
    groups = []
    # Grouped as number_format groups them in the active language ("1,234", "1 234").
    separator = number_format(1000, force_grouping=True)[1:-3]
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
        # Facet names are the code's own; values and labels are escaped.
        html = "".join(
            FACET_ITEM.format(
                facet=facet,
                value=entry.html[0],
                id=f"f-{facet}-{number}",
                checked=" checked" if entry.value in selected else "",
                title=entry.html[1],
                label=entry.html[2],
                count=f"{count:,}".replace(",", separator),
            )
            for number, (entry, count) in enumerate(items, start=1)
        )
        groups.append(
            {
                "name": facet,
                "label": FACET_LABELS[facet],
                "items_html": mark_safe(html),  # noqa: S308 - every value escaped above
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
                    "title": index.values[facet][value].title,
                    "url": "?" + urlencode(remaining),
                }
            )
    for name, label in (("year_from", _("From")), ("year_to", _("To"))):
        value = getattr(query, name)
        if value is not None:
            remaining = [(k, v) for k, v in base if k != name]
            result.append({"label": f"{label}: {value}", "url": "?" + urlencode(remaining)})
    return result


def _without(params, *names):
    return [(name, value) for name, value in params if name not in names]


# The empty state corrects a query, or checks its words one by one (a text search each), only
# when it has at most this many words: the page's cost stays bounded whatever is typed.
MAX_WORD_CHECKS = 4


# A word, or a "quoted phrase", of a query, with its minus sign if any.
QUERY_UNIT_RE = re.compile(r'-?"[^"]*"?|\S+')


def _units_finding_nothing(q, index):
    """The words and phrases of a query that find nothing on their own (a text search each),
    for a query of at most MAX_WORD_CHECKS of them. Exclusions and OR are left as they are."""
    units = [
        unit
        for unit in QUERY_UNIT_RE.findall(q)
        if not unit.startswith("-") and unit.upper() != "OR"
    ]
    if not 2 <= len(units) <= MAX_WORD_CHECKS:
        return []
    return [unit for unit in units if not len(text_search.search(unit, correct=False, index=index))]


def empty_state(result, index):
    """What the page offers when nothing matches, each with the number of practices it gives:
    the corrected words (when correction was off), the words without those that find
    nothing, each active filter whose removal gives results, and starting again.

    The counts are ANDs and popcounts of the masks `run` kept, so filters cost no query. Only
    the words take more text searches (the corrected words, and each word or phrase alone
    when together they find nothing), and only for a short query.
    """
    query = result.query
    if result.total:
        return []
    params = query.params()
    years = {"year_from": query.year_from, "year_to": query.year_to}
    suggestions = []

    def count(*, text_mask=None, without=()):
        mask = index.alive.copy()
        text_mask = result.masks.get("q") if text_mask is None else text_mask
        if text_mask is not None and "q" not in without:
            mask &= text_mask
        kept = {name: year for name, year in years.items() if name not in without}
        if any(year is not None for year in kept.values()):
            mask &= index.year_mask(kept.get("year_from"), kept.get("year_to"))
        for facet, facet_mask in result.masks.items():
            if facet != "q" and facet not in without:
                mask &= facet_mask
        return index.count(mask)

    def offer(text, pairs, number):
        url = "?" + urlencode(pairs)
        if number and all(url != suggestion["url"] for suggestion in suggestions):
            suggestions.append({"text": text, "url": url, "count": number})

    words_find_nothing = bool(query.q) and result.text is not None and not len(result.text)
    short = len(query.q.split()) <= MAX_WORD_CHECKS
    if words_find_nothing and short and not query.spell:
        corrected = text_search.correct_spelling(query.q, index=index)
        if corrected and corrected != query.q:
            near = text_search.search(corrected, correct=False, index=index)
            offer(
                _("Search for “%(query)s”") % {"query": corrected},
                [("q", corrected), *_without(params, "q", "spell")],
                count(text_mask=index.mask_of_positions(near.positions)),
            )
    if words_find_nothing:
        dropped = _units_finding_nothing(query.q, index)
        kept = [unit for unit in QUERY_UNIT_RE.findall(query.q) if unit not in dropped]
        rest = " ".join(kept)
        if dropped and any(not unit.startswith("-") and unit.upper() != "OR" for unit in kept):
            found = text_search.search(rest, correct=query.spell, index=index)
            offer(
                _("Search for “%(query)s”, without “%(words)s”")
                % {"query": rest, "words": "”, “".join(unit.strip('"') for unit in dropped)},
                [("q", rest), *_without(params, "q")],
                count(text_mask=index.mask_of_positions(found.positions)),
            )
    for facet, values in query.facets.items():
        labels = ", ".join(index.values[facet][value].label for value in values)
        offer(
            _("Remove %(filter)s") % {"filter": f"{FACET_LABELS[facet]}: {labels}"},
            _without(params, facet),
            count(without=(facet,)),
        )
    for name, label in (("year_from", _("From")), ("year_to", _("To"))):
        if years[name] is not None:
            offer(
                _("Remove %(filter)s") % {"filter": f"{label}: {years[name]}"},
                _without(params, name),
                count(without=(name,)),
            )
    if query.q:
        offer(
            _("Remove the search “%(query)s”") % {"query": query.q},
            _without(params, "q", "spell"),
            count(without=("q",)),
        )
    if query.q and query.has_filters:
        start_again = _("Clear the search and all filters")
    elif query.q:
        start_again = _("Clear the search")
    else:
        start_again = _("Clear all filters")
    offer(start_again, [], index.count(index.alive))
    return suggestions


def practice_list_page(params):
    index = current_index()
    query = parse(params, index)
    result = run(query, index)
    rows, pages = page_of(result)
    base_params = query.params()
    keep_q = [(name, value) for name, value in base_params if name in ("q", "spell")]
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
        # The same search without correcting its words, when they were corrected.
        "uncorrected_url": "?" + urlencode([*base_params, ("spell", "off")])
        if result.corrected_query
        else "",
        "suggestions": empty_state(result, index),
        "sorts": SORTS,
        "export_csv": "?" + urlencode([*base_params, ("format", "csv")]),
        # For staff: the report builder, given this search (sort and page play no part).
        "report_query": urlencode([p for p in base_params if p[0] != "sort"]),
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
