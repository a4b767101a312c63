"""What `/insights/` shows: a world map and charts of the published practices.

Every figure is counted on the facet index with the query `/practices/` parses from the same
query string (`search.parse`, `search.run`), so the same filters apply, the same notices
report unknown values, and each number equals the count `/practices/` gives next to that
value in its filter panel: a facet's own filter is left out of its own figure, the others
apply. Each country, bar and segment links to the list that holds exactly its number.

The map's geometry is `world_map.json` (written by `manage.py build_world_map` from Natural
Earth), read once per process; the map's SVG is written here rather than in the template,
like the facet panel's checkboxes, so that 237 shapes cost a string join, not 237 template
loops.
"""

import json
import math
import weakref
from functools import cache, reduce
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import numpy as np
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from pfp.taxonomy.models import SDGTarget

from . import search
from .search.query import chips

MAP_FILE = Path(__file__).with_name("world_map.json")
LIST_URL = "/practices/"
# The map's two views: by every country a practice involves, or by its lead governments only.
MAP_VIEWS = {
    "involved": ("country", gettext_lazy("Countries involved")),
    "lead": ("lead", gettext_lazy("Lead governments")),
}
DEFAULT_MAP_VIEW = "involved"
CLASSES = 5  # colour classes above zero
DOT_RADIUS = 3.5
# The bar charts' geometry, in units of their viewBox.
CHART_WIDTH = 420
BAR_MAX = 360
ROW = 38
LABEL_LENGTH = 62
YEAR_BAR_MAX = 320
# The figures, in the order of the page: (facet, heading, caption of its table of numbers,
# whether values without practices are left out). The caption is a message of its own, not
# the heading lowercased, so that "SDG" and "GCM" keep their capitals in every language.
CHARTS = (
    ("theme", gettext_lazy("By thematic area"), gettext_lazy("Practices by thematic area"), False),
    ("goal", gettext_lazy("By SDG"), gettext_lazy("Practices by SDG"), False),
    ("gcm", gettext_lazy("By GCM objective"), gettext_lazy("Practices by GCM objective"), False),
    ("region", gettext_lazy("By region"), gettext_lazy("Practices by region"), False),
    ("subregion", gettext_lazy("By sub-region"), gettext_lazy("Practices by sub-region"), True),
)


@cache
def world_map():
    """The map's geometry, read once per process."""
    return json.loads(MAP_FILE.read_text(encoding="utf-8"))


class _Numbers:
    """Counts as the active language writes them ("1,234", "1 234"), and "n practices",
    each worked out once per page: the map alone names 237 counts."""

    def __init__(self):
        self.separator = number_format(1000, force_grouping=True)[1:-3]
        self._practices = {}

    def count(self, number):
        return f"{number:,}".replace(",", self.separator)

    def practices(self, number):
        text = self._practices.get(number)
        if text is None:
            text = ngettext("%(n)s practice", "%(n)s practices", number) % {"n": self.count(number)}
            self._practices[number] = text
        return text


def _list_url(pairs):
    return LIST_URL + ("?" + urlencode(pairs) if pairs else "")


def _linker(params, facet):
    """A function giving the list's URL for the query with `facet` set to one value; the
    rest of the query string is encoded once."""
    rest = urlencode([(k, v) for k, v in params if k != facet])
    prefix = f"{LIST_URL}?{rest}&" if rest else f"{LIST_URL}?"
    return lambda value: prefix + urlencode([(facet, value)])


def _pairs_with(params, facet, values):
    """The query's parameters with one facet's values replaced."""
    return [*[(k, v) for k, v in params if k != facet], *((facet, value) for value in values)]


def class_bounds(largest):
    """The colour classes above zero as (low, high) pairs covering 1..largest: one per number
    while there are few, then bounds growing geometrically (most countries have few
    practices, a few have many)."""
    if largest <= 0:
        return []
    if largest <= CLASSES:
        return [(n, n) for n in range(1, largest + 1)]
    highs = []
    for step in range(1, CLASSES + 1):
        high = math.ceil(largest ** (step / CLASSES))
        if not highs or high > highs[-1]:
            highs.append(high)
    highs[-1] = largest
    bounds, low = [], 1
    for high in highs:
        if high >= low:
            bounds.append((low, high))
            low = high + 1
    return bounds


def _shade(number, bounds):
    """The colour class of the number-th class of bounds: fewer classes than colours are
    spread over the whole scale, so that the largest count is always the darkest."""
    return round(number * CLASSES / len(bounds)) if number else 0


def _class_of(count, bounds):
    if not count:
        return 0
    for number, (_low, high) in enumerate(bounds, start=1):
        if count <= high:
            return _shade(number, bounds)
    return CLASSES


def _legend(bounds, numbers):
    items = [{"css": "map-c0", "label": _("No practice")}]
    for number, (low, high) in enumerate(bounds, start=1):
        label = numbers.count(low)
        if low != high:
            label = f"{label}–{numbers.count(high)}"
        items.append({"css": f"map-c{_shade(number, bounds)}", "label": label})
    return items


def _map_svg(counts, names, links, numbers):
    """The choropleth as SVG: each country with practices a link with its name and count.
    States too small to see get a dot, territories one only when they have practices."""
    geometry = world_map()
    bounds = class_bounds(max(counts.values(), default=0))
    shapes = []
    for code, shape in geometry["countries"].items():
        name = names.get(code)
        count = counts.get(code, 0)
        css = f"map-c{_class_of(count, bounds)}"
        parts = []
        if "d" in shape:
            parts.append(f'<path class="{css}" d="{shape["d"]}"/>')
        if "dot" in shape and (shape["state"] or count):
            x, y = shape["dot"]
            parts.append(f'<circle class="map-dot {css}" cx="{x}" cy="{y}" r="{DOT_RADIUS}"/>')
        if not parts:
            continue
        if name is None:
            shapes.append("".join(parts))
            continue
        title = f"<title>{escape(name)}: {escape(numbers.practices(count))}</title>"
        if count:
            shapes.append(f'<a href="{escape(links[code])}">{title}{"".join(parts)}</a>')
        else:
            shapes.append(f'<g class="map-none">{title}{"".join(parts)}</g>')
    land = f'<path class="map-land" d="{geometry["land"]}"/>' if geometry["land"] else ""
    svg = (
        f'<svg class="world-map" viewBox="0 0 {geometry["width"]} {geometry["height"]}" '
        f'aria-labelledby="map-heading" focusable="false">{land}{"".join(shapes)}</svg>'
    )
    return mark_safe(svg), _legend(bounds, numbers)  # noqa: S308 - geometry is ours, names escaped


def _bars(entries, counts, selected, link, numbers, *, skip_empty):
    """The rows of one bar chart: label, count, link, and the bar's place in the viewBox."""
    rows = [
        (entry, counts.get(entry.value, 0))
        for entry in entries
        if counts.get(entry.value, 0) or entry.value in selected or not skip_empty
    ]
    largest = max((count for _entry, count in rows), default=0)
    bars = []
    for number, (entry, count) in enumerate(rows):
        label = str(entry.label)
        width = round(BAR_MAX * count / largest, 1) if largest else 0
        top = number * ROW
        bars.append(
            {
                "value": entry.value,
                "label": label,
                "short_label": label
                if len(label) <= LABEL_LENGTH
                else label[: LABEL_LENGTH - 1] + "…",
                "title": f"{entry.title or label}: {numbers.practices(count)}",
                "count": count,
                "count_text": numbers.count(count),
                "url": link(entry.value) if count else "",
                "selected": entry.value in selected,
                "top": top,
                "label_y": top + 13,
                "bar_y": top + 18,
                "width": max(width, 1) if count else 0,
                "count_x": (max(width, 1) if count else 0) + 6,
                "count_y": top + 30,
            }
        )
    return {"bars": bars, "height": max(len(bars), 1) * ROW, "row_height": ROW}


# One bar: its label above it, the bar, its number after it; a link when it counts any.
BAR = (
    # The whole row takes the click, not only the label's letters and the bar.
    '<rect class="chart-hit" x="0" y="{top}" width="{row_width}" height="{row_height}"/>'
    '<text class="chart-label" x="0" y="{label_y}">{short_label}</text>'
    '<rect class="{css}" x="{x}" y="{bar_y}" width="{width:g}" height="14"/>'
    '<text class="chart-count" x="{count_x:g}" y="{count_y}">{count_text}</text>'
)
ROW_HTML = '<tr><th scope="row">{label}</th><td class="numeric">{count_text}</td></tr>'


def chart_html(chart, *, labelled_by, bar_x=0):
    """A bar chart as SVG, and the rows of its table, as markup: written here rather than in
    the template, whose per-variable lookups were most of the page's time (as the facet
    panel found). Every label and title is escaped."""
    chosen = escape(_("chosen"))
    shapes, rows = [], []
    for bar in chart["bars"]:
        short_label = escape(bar["short_label"])
        if bar.get("selected"):
            short_label += f" ({chosen})"
        css = "chart-bar chart-bar-chosen" if bar.get("selected") else "chart-bar"
        body = BAR.format(
            top=bar["top"],
            row_width=CHART_WIDTH,
            row_height=chart["row_height"],
            label_y=bar["label_y"],
            short_label=short_label,
            css=css,
            x=bar_x,
            bar_y=bar["bar_y"],
            width=bar["width"],
            count_x=bar["count_x"],
            count_y=bar["count_y"],
            count_text=bar["count_text"],
        )
        title = f"<title>{escape(bar['title'])}</title>"
        label = escape(bar["label"])
        if bar.get("url"):
            url = escape(bar["url"])
            shapes.append(f'<a href="{url}">{title}{body}</a>')
            label = f'<a href="{url}">{label}</a>'
        else:
            shapes.append(f"<g>{title}{body}</g>")
        rows.append(ROW_HTML.format(label=label, count_text=bar["count_text"]))
    svg = (
        f'<svg class="bar-chart" viewBox="0 0 {CHART_WIDTH} {chart["height"]}" '
        f'aria-labelledby="{labelled_by}" focusable="false">{"".join(shapes)}</svg>'
    )
    # Labels, titles and URLs are escaped above; the rest is numbers and the code's own.
    return mark_safe(svg), mark_safe("".join(rows))  # noqa: S308


def _mask_without(result, index, facet):
    """The practices matching every filter of the query but `facet`'s."""
    query = result.query
    mask = index.alive.copy()
    if query.year_from is not None or query.year_to is not None:
        mask &= index.year_mask(query.year_from, query.year_to)
    others = [m for name, m in result.masks.items() if name != facet]
    return reduce(np.bitwise_and, others, mask)


# The explicit migration targets of each facet index: reference data, which rebuilds the index
# when it changes, so one query per index.
_explicit_codes = weakref.WeakKeyDictionary()


def _explicit_target_codes(index):
    codes = _explicit_codes.get(index)
    if codes is None:
        codes = [
            code
            for code in SDGTarget.objects.filter(is_explicit_migration=True)
            .order_by("position")
            .values_list("code", flat=True)
            if code in index.values["target"]
        ]
        _explicit_codes[index] = codes
    return codes


def _explicit_targets(result, index, params, numbers):
    """The share of practices tagged with one of the ten explicit migration targets, and
    each target's count. The target filter is left out, as in the target chart."""
    codes = _explicit_target_codes(index)
    within = _mask_without(result, index, "target")
    total = index.count(within)
    tagged = index.count(within & index.facet_mask("target", codes)) if codes else 0
    selected = set(result.query.facets.get("target", []))
    entries = [index.values["target"][code] for code in codes]
    link = _linker(params, "target")
    chart = _bars(entries, result.facet_counts["target"], selected, link, numbers, skip_empty=False)
    chart["svg"], chart["rows"] = chart_html(chart, labelled_by="chart-explicit-targets")
    return {
        "total": total,
        "total_text": numbers.count(total),
        "tagged": tagged,
        "tagged_text": numbers.count(tagged),
        "untagged_text": numbers.count(total - tagged),
        "percent": round(100 * tagged / total) if total else 0,
        "tagged_width": round(CHART_WIDTH * tagged / total, 1) if total else 0,
        "url": _list_url(_pairs_with(params, "target", codes)) if tagged else "",
        "chart": chart,
    }


def _start_years(result_mask, index, numbers):
    """Practices by start year, every year from the first to the last; those without a start
    year are counted apart. The list has no start-year filter, so the bars are no links."""
    positions = index.positions(result_mask)
    years = index.start_year[positions]
    known = years[years > 0]
    rows = []
    if known.size:
        low = int(known.min())
        counts = np.bincount(known - low)
        rows = [(low + offset, int(n)) for offset, n in enumerate(counts)]
    largest = max((n for _year, n in rows), default=0)
    bars = []
    for number, (year, n) in enumerate(rows):
        # The year stands left of its bar, so the bars are shorter than the other charts'.
        width = max(round(YEAR_BAR_MAX * n / largest, 1), 1) if n else 0
        bars.append(
            {
                "label": str(year),
                "short_label": str(year),
                "count": n,
                "top": number * 24,
                "count_y": number * 24 + 15,
                "count_text": numbers.count(n),
                "title": f"{year}: {numbers.practices(n)}",
                "label_y": number * 24 + 15,
                "bar_y": number * 24 + 4,
                "width": width,
                "count_x": width + 46,
            }
        )
    unknown = int(positions.size - known.size)
    chart = {"bars": bars, "height": max(len(bars), 1) * 24, "row_height": 24}
    svg, rows = chart_html(chart, labelled_by="chart-years", bar_x=40)
    return {
        "bars": bars,
        "svg": svg,
        "rows": rows,
        "unknown": unknown,
        "unknown_text": numbers.count(unknown),
    }


def insights_page(params):
    """The context of `/insights/` for a query string."""
    index = search.current_index()
    query = search.parse(params, index)
    result = search.run(query, index)
    numbers = _Numbers()
    base = query.params()
    view = params.get("map", "").strip() or DEFAULT_MAP_VIEW
    if view not in MAP_VIEWS:
        query.notices.append(
            _("Unknown map “%(value)s”; showing the countries involved.") % {"value": view[:20]}
        )
        view = DEFAULT_MAP_VIEW
    map_facet = MAP_VIEWS[view][0]
    names = {code: str(entry.label) for code, entry in index.values["country"].items()}
    counts = result.facet_counts[map_facet]
    link = _linker(base, map_facet)
    links = {code: link(code) for code, n in counts.items() if n and code in names}
    svg, legend = _map_svg(counts, names, links, numbers)
    map_rows = sorted(
        (
            {"name": names[code], "count": counts[code], "url": url, "code": code}
            for code, url in links.items()
        ),
        key=lambda row: (-row["count"], row["name"]),
    )
    map_rows_html = mark_safe(  # noqa: S308 - names and URLs escaped
        "".join(
            ROW_HTML.format(
                label=f'<a href="{escape(row["url"])}">{escape(row["name"])}</a>',
                count_text=numbers.count(row["count"]),
            )
            for row in map_rows
        )
    )
    charts = []
    for facet, heading, caption, skip_empty in CHARTS:
        selected = set(query.facets.get(facet, []))
        chart = _bars(
            index.values[facet].values(),
            result.facet_counts[facet],
            selected,
            _linker(base, facet),
            numbers,
            skip_empty=skip_empty,
        )
        chart.update(
            {"facet": facet, "heading": heading, "caption": caption, "filtered": bool(selected)}
        )
        chart["svg"], chart["rows"] = chart_html(chart, labelled_by=f"chart-{facet}")
        charts.append(chart)
    keep_view = [("map", view)] if view != DEFAULT_MAP_VIEW else []
    active_chips = chips(query, index)
    for chip in active_chips:
        # The chips' links keep the map's view.
        pairs = parse_qsl(chip["url"].lstrip("?"), keep_blank_values=True)
        chip["url"] = "?" + urlencode([*pairs, *keep_view])
    return {
        "query": query,
        "total": result.total,
        "list_url": _list_url(base),
        "chips": active_chips,
        "clear_url": "?" + urlencode(keep_view),
        "map_svg": svg,
        "map_legend": legend,
        "map_rows": map_rows,
        "map_rows_html": map_rows_html,
        "map_view": view,
        "map_views": [
            {
                "label": label,
                "url": "?" + urlencode([*base, *([("map", value)] if value != "involved" else [])]),
                "current": value == view,
            }
            for value, (_facet, label) in MAP_VIEWS.items()
        ],
        "map_label": MAP_VIEWS[view][1],
        "charts": charts,
        "explicit": _explicit_targets(result, index, base, numbers),
        "years": _start_years(_mask_without(result, index, None), index, numbers),
        "chart_width": CHART_WIDTH,
    }
