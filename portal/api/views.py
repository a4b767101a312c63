"""The endpoints of the open API (`/api/v1/`): read-only, for anyone, published items only.

Each list answers pages (`page`, `page_size` up to `MAX_PAGE_SIZE`); each item is found by its
public identifier (a slug, a code, a number, a year), never a database id. A filter value that
does not exist, or one that cannot be read, is answered with 400 and every problem, as the
practice exports do; nothing is searched then.
"""

import math
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Router, Schema, Status
from ninja.errors import ValidationError

from calls_for_action.models import CallForAction
from meetings.models import Meeting
from pfp.taxonomy import models as taxonomy
from practices import search
from practices.models import Practice
from practices.search import exports
from practices.search.query import Problem

from . import schemas
from .docs import Docs

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = 1_000_000
# Values of one parameter that a list of calls or meetings takes at most.
MAX_VALUES = 50


api = NinjaAPI(
    title="GFMD Platform for Partnerships: open API",
    version="1",
    description=(
        "Published practices, calls for action and PfP meetings of the GFMD Platform for "
        "Partnerships, and the reference data they use: read-only, for anyone. Filters take "
        "the public identifiers of `/practices/`; an unknown or malformed value answers 400 "
        "with the list of problems. Answers carry ETag and Last-Modified (ask again with "
        "If-None-Match or If-Modified-Since for a 304), and each client address may make a "
        "limited number of requests per minute (429 with Retry-After past it)."
    ),
    urls_namespace="api-v1",
    docs=Docs(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(ValidationError)
def _validation_error(request, exc):
    """A parameter of the wrong type (a page that is not a number …): 400, in the same shape
    as a problem with a value."""
    errors = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        parameter = location[-1] if location else ""
        value = request.GET.get(parameter, "") if parameter else ""
        errors.append({"parameter": parameter, "value": value[:200], "message": error["msg"]})
    return api.create_response(request, {"errors": errors}, status=400)


def not_found(request, rest=""):
    """Any other address under /api/: 404 in JSON, as the API's own 404s are. An endpoint
    asked for without its trailing slash is redirected to it, as Django's APPEND_SLASH would
    (which this catch-all otherwise stops)."""
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                request.path + "/" + (f"?{query}" if query else "")
            )
    return JsonResponse({"detail": _("Not found.")}, status=404)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


LIST_ANSWERS = {400: schemas.Problems, 429: schemas.Detail}
ITEM_ANSWERS = {404: schemas.Detail, 429: schemas.Detail}


def _problems(problems):
    errors = [{"parameter": p.parameter, "value": p.value, "message": p.message} for p in problems]
    return Status(400, {"errors": errors})


class Paging(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="The page, from 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Records per page."
    )


def _page(request, paging, total):
    """The page's slice (start, end) and its links."""
    pages = max(1, math.ceil(total / paging.page_size))
    start = (paging.page - 1) * paging.page_size
    pairs = [
        (name, value)
        for name, value in request.GET.lists()
        for value in value
        if name not in ("page", "page_size")
    ]

    def url(number):
        query = [*pairs, ("page", number), ("page_size", paging.page_size)]
        return request.build_absolute_uri(request.path) + "?" + urlencode(query)

    return (start, start + paging.page_size), {
        "count": total,
        "page": paging.page,
        "page_size": paging.page_size,
        "pages": pages,
        "next": url(paging.page + 1) if paging.page < pages else None,
        "previous": url(min(paging.page - 1, pages)) if paging.page > 1 else None,
    }


def _base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


# -- Practices ---------------------------------------------------------------------------------

practices = Router(tags=["Practices"])

FACET_HELP = {
    "theme": "Thematic area identifier (`diaspora` …); /api/v1/themes/.",
    "goal": "SDG number, 1–17.",
    "target": "SDG target code (`10.7`, `10.c` …); /api/v1/targets/.",
    "gcm": "GCM objective number, 1–23.",
    "country": "ISO 3166 alpha-2 code (`GH` …).",
    "region": "M49 region (`africa` …); a sub-region is taken too.",
    "subregion": "M49 sub-region or intermediate region (`western-africa` …).",
    "summit": "GFMD summit year (`2007` …).",
    "roundtable": "Roundtable identifier (`2008-1` …).",
    "partner_type": "Partner type identifier; /api/v1/partner-types/.",
    "type": "Type of practice (`policy`, `programme` …).",
    "status": "planned, ongoing or completed.",
}


class PracticeFilters(Paging):
    q: str | None = Field(
        None, description='Words to search for: `"a phrase"`, `-word` to exclude.'
    )
    theme: list[str] = Field([], description=FACET_HELP["theme"])
    goal: list[str] = Field([], description=FACET_HELP["goal"])
    target: list[str] = Field([], description=FACET_HELP["target"])
    gcm: list[str] = Field([], description=FACET_HELP["gcm"])
    country: list[str] = Field([], description=FACET_HELP["country"])
    region: list[str] = Field([], description=FACET_HELP["region"])
    subregion: list[str] = Field([], description=FACET_HELP["subregion"])
    summit: list[str] = Field([], description=FACET_HELP["summit"])
    roundtable: list[str] = Field([], description=FACET_HELP["roundtable"])
    partner_type: list[str] = Field([], description=FACET_HELP["partner_type"])
    type: list[str] = Field([], description=FACET_HELP["type"])
    status: list[str] = Field([], description=FACET_HELP["status"])
    year_from: str | None = Field(
        None, description="Practices running in or after this year (1900–2100)."
    )
    year_to: str | None = Field(None, description="Practices started by this year (1900–2100).")
    sort: str | None = Field(
        None,
        description="relevance (the default with `q`), newest (the default otherwise) or title.",
    )
    spell: str | None = Field(
        None, description="`off` searches for the words as typed, without correcting them."
    )


# Parameters the export reads that mean nothing here (the API always answers JSON), or that
# it does not know (the API's page size). `page` stays, so that it is checked as the export
# checks it (given twice, say).
NOT_FOR_THE_PARSER = ("format", "page_size")


@practices.get(
    "/practices/",
    response={200: schemas.PracticePage, **LIST_ANSWERS},
    summary="Published practices",
    description=(
        "The same filters, identifiers and sort orders as `/practices/`, and the same records "
        "as its JSON export (`/practices/?format=json`). Repeating a parameter selects several "
        "values: OR within a filter, AND across filters."
    ),
)
def practice_list(request, filters: Query[PracticeFilters]):
    params = request.GET.copy()
    for name in NOT_FOR_THE_PARSER:
        params.pop(name, None)
    index = search.current_index()
    query = search.parse(params, index)
    if query.problems:
        return _problems(query.problems)
    result = search.run(query, index)
    (start, end), page = _page(request, filters, result.total)
    ids = [int(i) for i in result.ordered_ids[start:end]]
    return {
        **page,
        "query": [[name, str(value)] for name, value in query.params()],
        "corrected_query": result.corrected_query or None,
        "results": list(exports.records(ids, _base_url(request))),
    }


@practices.get(
    "/practices/{slug}/",
    response={200: schemas.PracticeRecord, **ITEM_ANSWERS},
    summary="One published practice",
)
def practice_detail(request, slug: str):
    ids = list(Practice.objects.published().filter(slug=slug).values_list("id", flat=True)[:1])
    if not ids:
        raise Http404
    return next(exports.records(ids, _base_url(request)))


# -- Calls for action --------------------------------------------------------------------------

calls = Router(tags=["Calls for action"])


class CallFilters(Paging):
    status: str | None = Field(None, description="open, or closed (closed or fulfilled).")
    kind: str | None = Field(None, description="Kind of call (`seeking-partners` …).")
    theme: str | None = Field(None, description=FACET_HELP["theme"])
    target: str | None = Field(None, description=FACET_HELP["target"])
    partner_type: str | None = Field(None, description="Partner type sought.")
    country: str | None = Field(None, description="A country concerned (ISO alpha-2).")


def _check(parameter, value, known, label):
    if value is None or not value.strip():
        return None, None
    value = value.strip()
    if value in known:
        return value, None
    message = _("No %(facet)s “%(value)s” is known.") % {"facet": label, "value": value[:40]}
    return None, Problem(parameter, value[:200], message)


def _call_record(call, base_url):
    country = call.government.country
    return {
        "title": call.title,
        "slug": call.slug,
        "url": base_url + call.get_absolute_url(),
        "kind": call.kind,
        "status": call.current_status.value,
        "deadline": call.deadline,
        "government": call.government.name,
        "government_country": country.code.code if country else None,
        "description": call.description,
        "sought": call.sought,
        "partner_types": [p.slug for p in call.partner_types.all()],
        "thematic_areas": [t.slug for t in call.thematic_areas.all()],
        "sdg_targets": [t.code for t in call.sdg_targets.all()],
        "gcm_objectives": [o.number for o in call.gcm_objectives.all()],
        "countries": [c.code.code for c in call.countries.all()],
        "related_practices": [
            base_url + p.get_absolute_url()
            for p in call.related_practices.all()
            if p.review_state == "published"
        ],
        "published": call.published_at.date() if call.published_at else None,
    }


def _call_order(call):
    """Open calls first, the soonest deadline first; then the others, the latest first, as
    /calls/ lists them."""
    if call.is_open_now:
        return (0, call.deadline.toordinal(), call.pk)
    return (1, -call.deadline.toordinal(), -call.pk)


def _public_calls():
    return (
        CallForAction.objects.published()
        .with_is_open()
        .select_related("government__country")
        .prefetch_related(
            "partner_types",
            "thematic_areas",
            "sdg_targets",
            "gcm_objectives",
            "countries",
            "related_practices",
        )
    )


@calls.get(
    "/calls/",
    response={200: schemas.CallPage, **LIST_ANSWERS},
    summary="Published calls for action",
    description="Open calls first, the soonest deadline first; then the others, latest first.",
)
def call_list(request, filters: Query[CallFilters]):
    checks = [
        ("status", filters.status, {"open", "closed"}, _("status")),
        ("kind", filters.kind, set(CallForAction.Kind.values), _("kind of call")),
        (
            "theme",
            filters.theme,
            set(taxonomy.ThematicArea.objects.values_list("slug", flat=True)),
            _("thematic area"),
        ),
        (
            "target",
            filters.target,
            set(taxonomy.SDGTarget.objects.values_list("code", flat=True)),
            _("SDG target"),
        ),
        (
            "partner_type",
            filters.partner_type,
            set(taxonomy.PartnerType.objects.values_list("slug", flat=True)),
            _("partner type"),
        ),
        (
            "country",
            (filters.country or "").upper() or None,
            set(taxonomy.Country.objects.values_list("code", flat=True)),
            _("country"),
        ),
    ]
    chosen, problems = {}, []
    for parameter, value, known, label in checks:
        value, problem = _check(parameter, value, known, label)
        if problem:
            problems.append(problem)
        elif value:
            chosen[parameter] = value
    if problems:
        return _problems(problems)
    queryset = _public_calls()
    lookups = {
        "kind": "kind",
        "theme": "thematic_areas__slug",
        "target": "sdg_targets__code",
        "partner_type": "partner_types__slug",
        "country": "countries__code",
    }
    for parameter, lookup in lookups.items():
        if parameter in chosen:
            queryset = queryset.filter(**{lookup: chosen[parameter]})
    if "status" in chosen:
        queryset = queryset.filter(is_open_now=chosen["status"] == "open")
    rows = list(queryset.distinct())
    rows.sort(key=_call_order)
    (start, end), page = _page(request, filters, len(rows))
    base_url = _base_url(request)
    return {**page, "results": [_call_record(call, base_url) for call in rows[start:end]]}


@calls.get(
    "/calls/{slug}/",
    response={200: schemas.CallRecord, **ITEM_ANSWERS},
    summary="One published call for action",
)
def call_detail(request, slug: str):
    call = _public_calls().filter(slug=slug).first()
    if call is None:
        raise Http404
    return _call_record(call, _base_url(request))


# -- Meetings ----------------------------------------------------------------------------------

meetings = Router(tags=["Meetings"])


class MeetingFilters(Paging):
    summit: str | None = Field(None, description=FACET_HELP["summit"])


def _public_meetings():
    return (
        Meeting.objects.published()
        .select_related("summit")
        .prefetch_related(
            "agenda_items__practices",
            "agenda_items__calls",
        )
    )


def _meeting_record(meeting, base_url):
    return {
        "title": meeting.title,
        "slug": meeting.slug,
        "url": base_url + meeting.get_absolute_url(),
        "summit": meeting.summit.year,
        "start": meeting.start,
        "end": meeting.end,
        "time_zone": meeting.time_zone,
        "format": meeting.format,
        "place": meeting.place,
        "description": meeting.description,
        # The stored switch, not `accepts_registrations()`, which turns at the start time:
        # an answer changes only with the data or the day (see http.py), so its ETag holds.
        "registration_open": meeting.registration_open,
        "agenda": [
            {
                "position": item.position,
                "start_time": item.start_time,
                "title": item.title,
                "speakers": item.speakers,
                "practices": [
                    base_url + p.get_absolute_url()
                    for p in item.practices.all()
                    if p.review_state == "published"
                ],
                "calls": [
                    base_url + c.get_absolute_url()
                    for c in item.calls.all()
                    if c.review_state == "published"
                ],
            }
            for item in meeting.agenda_items.all()
        ],
    }


@meetings.get(
    "/meetings/",
    response={200: schemas.MeetingPage, **LIST_ANSWERS},
    summary="Published PfP meetings",
    description="The latest first.",
)
def meeting_list(request, filters: Query[MeetingFilters]):
    queryset = _public_meetings().order_by("-start", "-id")
    if filters.summit is not None and filters.summit.strip():
        value = filters.summit.strip()
        years = {str(y) for y in taxonomy.Summit.objects.values_list("year", flat=True)}
        if value not in years:
            message = _("No GFMD summit “%(value)s” is known.") % {"value": value[:40]}
            return _problems([Problem("summit", value[:200], message)])
        queryset = queryset.filter(summit__year=int(value))
    total = queryset.count()
    (start, end), page = _page(request, filters, total)
    base_url = _base_url(request)
    return {**page, "results": [_meeting_record(m, base_url) for m in queryset[start:end]]}


@meetings.get(
    "/meetings/{slug}/",
    response={200: schemas.MeetingRecord, **ITEM_ANSWERS},
    summary="One published PfP meeting",
)
def meeting_detail(request, slug: str):
    meeting = _public_meetings().filter(slug=slug).first()
    if meeting is None:
        raise Http404
    return _meeting_record(meeting, _base_url(request))


# -- Reference data ----------------------------------------------------------------------------

reference = Router(tags=["Reference data"])


def _target(target):
    return {
        "code": target.code,
        "goal": target.goal.number,
        "text": target.text,
        "is_explicit_migration": target.is_explicit_migration,
    }


def _goal(goal):
    return {
        "number": goal.number,
        "short_title": goal.short_title,
        "title": goal.title,
        "color": goal.color,
        "targets": [_target(t) for t in goal.targets.all()],
    }


def _goals():
    return taxonomy.SDGGoal.objects.prefetch_related("targets__goal")


@reference.get("/goals/", response=list[schemas.Goal], summary="The 17 SDGs, with their targets")
def goal_list(request):
    return [_goal(goal) for goal in _goals()]


@reference.get("/goals/{number}/", response={200: schemas.Goal, **ITEM_ANSWERS}, summary="One SDG")
def goal_detail(request, number: int):
    goal = _goals().filter(number=number).first()
    if goal is None:
        raise Http404
    return _goal(goal)


@reference.get("/targets/", response=list[schemas.Target], summary="The 169 SDG targets")
def target_list(request):
    return [_target(t) for t in taxonomy.SDGTarget.objects.select_related("goal")]


@reference.get(
    "/targets/{code}/", response={200: schemas.Target, **ITEM_ANSWERS}, summary="One SDG target"
)
def target_detail(request, code: str):
    target = taxonomy.SDGTarget.objects.select_related("goal").filter(code=code).first()
    if target is None:
        raise Http404
    return _target(target)


def _objective(o):
    return {"number": o.number, "short_name": o.short_name, "title": o.title}


@reference.get(
    "/gcm-objectives/", response=list[schemas.GCMObjective], summary="The 23 GCM objectives"
)
def gcm_list(request):
    return [_objective(o) for o in taxonomy.GCMObjective.objects.all()]


@reference.get(
    "/gcm-objectives/{number}/",
    response={200: schemas.GCMObjective, **ITEM_ANSWERS},
    summary="One GCM objective",
)
def gcm_detail(request, number: int):
    objective = taxonomy.GCMObjective.objects.filter(number=number).first()
    if objective is None:
        raise Http404
    return _objective(objective)


def _theme(t):
    return {"slug": t.slug, "name": t.name, "scope": t.scope}


@reference.get("/themes/", response=list[schemas.Theme], summary="The M&D thematic areas")
def theme_list(request):
    return [_theme(t) for t in taxonomy.ThematicArea.objects.all()]


@reference.get(
    "/themes/{slug}/", response={200: schemas.Theme, **ITEM_ANSWERS}, summary="One thematic area"
)
def theme_detail(request, slug: str):
    theme = taxonomy.ThematicArea.objects.filter(slug=slug).first()
    if theme is None:
        raise Http404
    return _theme(theme)


def _partner_type(p):
    return {"slug": p.slug, "name": p.name}


@reference.get("/partner-types/", response=list[schemas.PartnerType], summary="Partner types")
def partner_type_list(request):
    return [_partner_type(p) for p in taxonomy.PartnerType.objects.all()]


@reference.get(
    "/partner-types/{slug}/",
    response={200: schemas.PartnerType, **ITEM_ANSWERS},
    summary="One partner type",
)
def partner_type_detail(request, slug: str):
    kind = taxonomy.PartnerType.objects.filter(slug=slug).first()
    if kind is None:
        raise Http404
    return _partner_type(kind)


def _region(r):
    return {
        "slug": r.slug,
        "name": r.name,
        "m49": r.m49,
        "level": r.level,
        "parent": r.parent.slug if r.parent else None,
    }


@reference.get(
    "/regions/",
    response=list[schemas.Region],
    summary="UN M49 regions, sub-regions and intermediate regions",
)
def region_list(request):
    return [_region(r) for r in taxonomy.Region.objects.select_related("parent")]


@reference.get(
    "/regions/{slug}/", response={200: schemas.Region, **ITEM_ANSWERS}, summary="One M49 area"
)
def region_detail(request, slug: str):
    region = taxonomy.Region.objects.select_related("parent").filter(slug=slug).first()
    if region is None:
        raise Http404
    return _region(region)


def _countries():
    return taxonomy.Country.objects.select_related("m49_subregion", "m49_intermediate_region")


def _country(c):
    return {
        "code": c.code.code,
        "iso3": c.iso3,
        "m49": c.m49,
        "name": c.display_name,
        "region": c.region_slug or None,
        "subregion": c.m49_subregion.slug if c.m49_subregion else None,
        "intermediate_region": c.m49_intermediate_region.slug
        if c.m49_intermediate_region
        else None,
        "un_member": c.un_member,
    }


@reference.get("/countries/", response=list[schemas.Country], summary="Countries and territories")
def country_list(request):
    return [_country(c) for c in _countries()]


@reference.get(
    "/countries/{code}/", response={200: schemas.Country, **ITEM_ANSWERS}, summary="One country"
)
def country_detail(request, code: str):
    country = _countries().filter(code=code.upper()).first()
    if country is None:
        raise Http404
    return _country(country)


def _roundtable(r):
    return {
        "identifier": r.identifier,
        "summit": r.summit.year,
        "number": r.number,
        "title": r.title,
        "level": r.level,
        "parent": r.parent.identifier if r.parent else None,
        "themes": [t.slug for t in r.themes.all()],
    }


def _roundtables():
    return taxonomy.Roundtable.objects.select_related("summit", "parent").prefetch_related("themes")


def _summit(s):
    return {
        "year": s.year,
        "number": s.number,
        "chair": s.chair_label or s.chair_country.display_name,
        "chair_country": s.chair_country.code.code,
        "city": s.city,
        "theme": s.theme,
        "dates": s.dates,
        "roundtables": [_roundtable(r) for r in s.roundtables.all()],
    }


def _summits():
    return taxonomy.Summit.objects.select_related("chair_country").prefetch_related(
        Prefetch("roundtables", queryset=_roundtables())
    )


@reference.get(
    "/summits/", response=list[schemas.Summit], summary="GFMD summits, with their roundtables"
)
def summit_list(request):
    return [_summit(s) for s in _summits()]


@reference.get(
    "/summits/{year}/", response={200: schemas.Summit, **ITEM_ANSWERS}, summary="One GFMD summit"
)
def summit_detail(request, year: int):
    summit = _summits().filter(year=year).first()
    if summit is None:
        raise Http404
    return _summit(summit)


@reference.get(
    "/roundtables/", response=list[schemas.Roundtable], summary="GFMD roundtables and sessions"
)
def roundtable_list(request):
    return [_roundtable(r) for r in _roundtables()]


@reference.get(
    "/roundtables/{identifier}/",
    response={200: schemas.Roundtable, **ITEM_ANSWERS},
    summary="One roundtable",
)
def roundtable_detail(request, identifier: str):
    roundtable = _roundtables().filter(identifier=identifier).first()
    if roundtable is None:
        raise Http404
    return _roundtable(roundtable)


api.add_router("", practices)
api.add_router("", calls)
api.add_router("", meetings)
api.add_router("", reference)
