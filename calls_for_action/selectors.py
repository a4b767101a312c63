"""Reads with logic: the public list with its filters and counts, and what other pages show.

Calls are few (tens, perhaps hundreds, against 100,000 practices), so the list loads the
published calls matching the search once, with their relations, and filters and counts in
Python: every filter is counted with the other filters applied, in a fixed number of queries.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pfp.core.text import render_markdown
from pfp.moderation.models import ReviewState

from .models import CallForAction, Offer

PAGE_SIZE = 20
FACETS = [
    ("kind", _("Kind of call")),
    ("status", _("Open or closed")),
    ("theme", _("M&D thematic area")),
    ("target", _("SDG target")),
    ("partner_type", _("Partner type sought")),
    ("country", _("Country concerned")),
]
STATUS_LABELS = {"open": _("Open"), "closed": _("Closed or fulfilled")}


def _public_calls():
    return CallForAction.objects.published().select_related("government__country")


def open_calls_closing_soonest(limit=3):
    """Published calls taking offers today, the soonest deadline first (for the home page)."""
    return list(_public_calls().open().order_by("deadline", "id")[:limit])


def open_calls_for_practice(practice):
    """Published open calls that list the practice as related (for the practice page)."""
    return list(
        _public_calls().open().filter(related_practices=practice).order_by("deadline", "id")
    )


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    key: str
    label: str
    values: list = field(default_factory=list)


def _facet_values(call):
    """{facet: {value: label}} of one call, from its prefetched relations."""
    return {
        "kind": {call.kind: call.get_kind_display()},
        "status": {
            ("open" if call.is_open else "closed"): STATUS_LABELS[
                "open" if call.is_open else "closed"
            ]
        },
        "theme": {t.slug: t.name for t in call.thematic_areas.all()},
        "target": {t.code: str(t) for t in call.sdg_targets.all()},
        "partner_type": {p.slug: p.name for p in call.partner_types.all()},
        "country": {str(c.code): c.display_name for c in call.countries.all()},
    }


def _sort_key(call):
    # Open calls first, the soonest deadline first; then closed ones, the latest first.
    if call.is_open:
        return (0, call.deadline.toordinal(), call.pk)
    return (1, -call.deadline.toordinal(), -call.pk)


def call_list(*, params):
    """The /calls/ page: {calls (page), facets, query, problems, total, params}."""
    query = (params.get("q") or "").strip()[:200]
    chosen = {}
    problems = []
    calls = _public_calls().prefetch_related(
        "thematic_areas", "sdg_targets", "partner_types", "countries"
    )
    if query:
        calls = calls.filter(
            Q(title__icontains=query)
            | Q(description__icontains=query)
            | Q(sought__icontains=query)
            | Q(government__name__icontains=query)
        )
    calls = list(calls)
    values = {call.pk: _facet_values(call) for call in calls}
    known = {key: {} for key, _label in FACETS}
    for call_values in values.values():
        for key, mapping in call_values.items():
            known[key].update(mapping)
    for key, _label in FACETS:
        value = (params.get(key) or "").strip()
        if not value:
            continue
        if key == "status" and value not in STATUS_LABELS:
            problems.append(_("“%(value)s” is not a filter value: ignored.") % {"value": value})
            continue
        if key == "kind" and value not in CallForAction.Kind.values:
            problems.append(_("“%(value)s” is not a filter value: ignored.") % {"value": value})
            continue
        # A value that no call matching the search has still filters (to nothing), so
        # that a shared link keeps meaning what it said.
        chosen[key] = value

    def matches(call, skip=None):
        return all(value in values[call.pk][key] for key, value in chosen.items() if key != skip)

    facets = []
    for key, label in FACETS:
        counts = {}
        for call in calls:
            if matches(call, skip=key):
                for value in values[call.pk][key]:
                    counts[value] = counts.get(value, 0) + 1
        labels = dict(known[key])
        if key == "kind":
            labels = dict(CallForAction.Kind.choices)
        elif key == "status":
            labels = dict(STATUS_LABELS)
        if key in chosen and chosen[key] not in labels:
            labels[chosen[key]] = chosen[key]
        facet = Facet(key=key, label=label)
        for value, value_label in labels.items():
            count = counts.get(value, 0)
            selected = chosen.get(key) == value
            if count or selected or key in ("kind", "status"):
                facet.values.append(FacetValue(value, str(value_label), count, selected))
        if key not in ("kind", "status"):
            facet.values.sort(key=lambda v: v.label)
        facets.append(facet)

    result = sorted((call for call in calls if matches(call)), key=_sort_key)
    page = Paginator(result, PAGE_SIZE).get_page(params.get("page"))
    kept = dict(chosen)
    if query:
        kept["q"] = query
    return {
        "page": page,
        "calls": page.object_list,
        "total": len(result),
        "facets": facets,
        "query": query,
        "chosen": kept,
        "problems": problems,
        "today": timezone.localdate(),
    }


def call_page(*, call):
    """What /calls/<slug>/ shows besides the call: related practices and the offer count."""
    return {
        "call": call,
        "description_html": render_markdown(call.description),
        "sought_html": render_markdown(call.sought),
        "related_practices": list(
            call.related_practices.filter(review_state=ReviewState.PUBLISHED).order_by("title")
        ),
        "thematic_areas": list(call.thematic_areas.all()),
        "sdg_targets": list(call.sdg_targets.all()),
        "gcm_objectives": list(call.gcm_objectives.all()),
        "partner_types": list(call.partner_types.all()),
        "countries": list(call.countries.all()),
        "offer_count": call.offers.active().count(),
    }


def call_missing(call):
    """What a call still needs before a moderator can review it: [(field, message)].

    A draft may be saved with a title only, so that nobody loses work to a rule they cannot
    meet yet; a submission must say what the call is, what it seeks and until when.
    """
    missing = []
    if not call.title.strip():
        missing.append(("title", _("a title")))
    if call.kind not in CallForAction.Kind.values:
        missing.append(("kind", _("the kind of call")))
    if not call.description.strip():
        missing.append(("description", _("a description of the call")))
    if not call.sought.strip():
        missing.append(("sought", _("what your government seeks")))
    if call.deadline is None:
        missing.append(("deadline", _("a deadline")))
    elif call.deadline_passed:
        missing.append(("deadline", _("a deadline today or later: the one given has passed")))
    return missing


def workspace_calls(*, government):
    """A government's calls for /my/, each with its number of new and of all live offers."""
    return list(
        CallForAction.objects.filter(government=government)
        .exclude(review_state=ReviewState.MERGED)
        .annotate(
            offer_count=Count("offers", filter=~Q(offers__status=Offer.Status.WITHDRAWN)),
            new_offer_count=Count("offers", filter=Q(offers__status=Offer.Status.NEW)),
        )
        .order_by("-updated_at", "-id")
    )


def offers_of_organization(*, organization):
    return list(
        Offer.objects.filter(organization=organization)
        .select_related("call__government")
        .order_by("-created_at", "-id")
    )
