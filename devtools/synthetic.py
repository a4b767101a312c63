"""Synthetic published practices in bulk, for benchmarks and load tests. Development only (see
devtools/__init__.py): neither in the wheel nor in the image.

`manage.py seed_synthetic --practices 100000 --seed 1` creates practices that look like the
real ones: titles, summaries and body texts of realistic length built from a migration and
development vocabulary and the names of the countries involved, about two thematic areas, four
SDG targets, one to three lead countries, two GCM objectives and two kinds of partners each,
partner organizations drawn from a pool of synthetic organizations, sometimes a GFMD roundtable
and a few keywords. The same seed gives the same practices (titles, texts, relations, dates);
only slugs get a suffix when the database already holds the same title.

Everything is written with `bulk_create`, relations included, in batches: that skips model
signals and simple_history, so there are no history records and no per-practice entries in the
index change log. That is intended for synthetic data: the search columns are filled here
instead (the accent-free document while generating, the PostgreSQL vector in one statement at
the end), and a single full-rebuild marker tells every running process to rebuild its facet
index. Never use this path for real records: they must go through the write services.
"""

import json
import random
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import connection, reset_queries, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from pfp.accounts.models import Organization
from pfp.moderation.models import ReviewState
from pfp.taxonomy.models import (
    Country,
    GCMObjective,
    PartnerType,
    Roundtable,
    SDGTarget,
    ThematicArea,
)
from practices.models import Practice, PracticeRoundtable
from practices.report import get_or_create_government, load_pfp_data
from practices.search import changes, document

BATCH_SIZE = 5000
ORGANIZATION_POOL = 300
FIRST_PUBLICATION = datetime(2008, 1, 1, tzinfo=UTC)
SOURCE_NOTE = "Synthetic practice (seed {seed})"

# --- vocabulary ----------------------------------------------------------------------------

# Data, not code: per thematic area what practices under it are about, the SDG targets and GCM
# objectives they usually name (others are drawn too, less often, as in the real records), and
# keywords; then the words and templates of titles, summaries and body texts.
VOCABULARY = json.loads((Path(__file__).parent / "vocabulary.json").read_text(encoding="utf-8"))
THEMES = VOCABULARY["themes"]
BENEFICIARIES = VOCABULARY["beneficiaries"]
INSTRUMENTS = VOCABULARY["instruments"]  # by practice type
TYPE_WEIGHTS = VOCABULARY["type_weights"]
TITLES = VOCABULARY["titles"]  # the last one only for practices with another country involved
SUMMARY = VOCABULARY["summary"]
BODY = VOCABULARY["body"]
# How many sentences each body section gets, and how often it is left empty.
BODY_LENGTHS = {
    section: (length["min"], length["max"], length["empty"])
    for section, length in VOCABULARY["body_lengths"].items()
}
OTHER_SOURCES = VOCABULARY["other_sources"]
# The cities of the organization pool, with the ISO code of their country.
CITY_COUNTRY_CODES = VOCABULARY["cities"]
CITIES = list(CITY_COUNTRY_CODES)
FIELDS = VOCABULARY["fields"]
SMALL_WORDS = set(VOCABULARY["small_words"])


def title_case(text):
    """Capitalize the words of a title but the small ones: "Fair Recruitment of Health Workers"."""
    out = []
    for position, word in enumerate(text.split(" ")):
        if position and word in SMALL_WORDS:
            out.append(word)
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)


def organization_names():
    """The pool of synthetic partner organizations: [(name, partner type slug, city)].

    Independent of the seed, so that every run draws from the same organizations.
    """
    rng = random.Random("pfp-synthetic-organizations")
    candidates = []
    for prefix in ["International", "Global", "Regional", "Inter-regional"]:
        for kind in ["Centre", "Institute", "Organization", "Fund", "Network", "Council"]:
            for topic in FIELDS:
                candidates.append(
                    (f"{prefix} {kind} for {topic}", "international-organization", None)
                )
    for city in CITIES:
        candidates += [
            (f"{city} Migrant Workers' Association", "civil-society", city),
            (f"{city} Centre for Migrants' Rights", "civil-society", city),
            (f"{city} Diaspora Forum", "diaspora-organization", city),
            (f"Hometown Association of {city}", "diaspora-organization", city),
            (f"University of {city}, Migration Research Centre", "research-academia", city),
            (f"{city} Institute for {rng.choice(FIELDS)}", "research-academia", city),
            (f"{city} Remit Ltd", "private-sector", city),
            (f"{city} Chamber of Commerce", "private-sector", city),
            (f"City of {city}", "local-government", city),
        ]
    rng.shuffle(candidates)
    return candidates[:ORGANIZATION_POOL]


# --- generation ----------------------------------------------------------------------------


@dataclass
class SeedResult:
    practices: int
    organizations_created: int
    seconds: float
    timings: dict = field(default_factory=dict)  # step -> seconds


class _Reference:
    """Ids and names of the reference rows, read once."""

    def __init__(self):
        self.themes = dict(ThematicArea.objects.values_list("slug", "pk"))
        self.targets = dict(SDGTarget.objects.values_list("code", "pk"))
        self.target_codes = sorted(self.targets)
        self.gcm = dict(GCMObjective.objects.values_list("number", "pk"))
        self.partner_types = dict(PartnerType.objects.values_list("slug", "pk"))
        self.countries = dict(Country.objects.values_list("pk", "name").order_by("code"))
        # Lead governments are UN member states, some far more active than others.
        self.members = list(
            Country.objects.filter(un_member=True).order_by("code").values_list("pk", flat=True)
        )
        self.roundtables = list(
            Roundtable.objects.order_by("identifier").values_list("pk", flat=True)
        )
        missing = [slug for slug in THEMES if slug not in self.themes]
        if missing or not self.members or PartnerType.NATIONAL_GOVERNMENT not in self.partner_types:
            raise RuntimeError(f"Reference data is incomplete (themes missing: {missing}).")


def _ensure_reference_data():
    if not (ThematicArea.objects.exists() and SDGTarget.objects.exists()):
        load_pfp_data(reference_only=True)


def _organization_pool(reference):
    """Create the organizations of the pool that are missing; {partner type id: [(id, name)]}."""
    wanted = organization_names()
    city_country = _city_countries(reference)
    existing = dict(
        Organization.objects.filter(name__in=[name for name, _kind, _city in wanted])
        .order_by("id")
        .values_list("name", "id")
    )
    new = [
        Organization(
            name=name,
            partner_type_id=reference.partner_types[kind],
            country_id=city_country.get(city),
            verified=True,
        )
        for name, kind, city in wanted
        if name not in existing
    ]
    Organization.objects.bulk_create(new, batch_size=BATCH_SIZE)
    ids = dict(
        Organization.objects.filter(name__in=[name for name, _kind, _city in wanted])
        .order_by("id")
        .values_list("name", "id")
    )
    pool = {}
    for name, kind, _city in wanted:
        pool.setdefault(reference.partner_types[kind], []).append((ids[name], name))
    return pool, len(new)


def _city_countries(reference):
    by_code = dict(Country.objects.values_list("code", "pk"))
    return {city: by_code.get(code) for city, code in CITY_COUNTRY_CODES.items()}


def _keyword_tags():
    """{keyword: tag id} for every keyword of the vocabulary, created when missing."""
    names = sorted({k for theme in THEMES.values() for k in theme["keywords"]})
    Tag.objects.bulk_create(
        [Tag(name=name, slug=slugify(name)) for name in names], ignore_conflicts=True
    )
    return dict(Tag.objects.filter(name__in=names).values_list("name", "id"))


@dataclass
class _Draft:
    """One practice before it is saved: its fields and the ids of its relations."""

    fields: dict
    themes: list
    targets: list
    gcm: list
    lead: list
    others: list
    partner_types: list
    organizations: list
    roundtables: list  # (roundtable id, presentation)
    keywords: list  # tag names


class _Generator:
    def __init__(self, *, seed, reference, organizations, now):
        self.rng = random.Random(seed)
        self.seed = seed
        self.reference = reference
        self.organizations = organizations
        self.now = now
        self.today = timezone.localdate(now)
        members = list(reference.members)
        random.Random(f"countries-{seed}").shuffle(members)
        self.members = members
        # A few countries are very active, most contribute a handful of practices.
        self.member_weights = [1.0 / (rank + 8) for rank in range(len(members))]
        self.theme_slugs = list(THEMES)
        self.theme_weights = [22, 14, 10, 26, 12, 16]
        self.non_government_types = [
            pk for slug, pk in reference.partner_types.items() if slug != "national-government"
        ]
        self.government_type = reference.partner_types[PartnerType.NATIONAL_GOVERNMENT]
        self.types = list(TYPE_WEIGHTS)
        self.type_weights = list(TYPE_WEIGHTS.values())
        self.span = (now - FIRST_PUBLICATION).total_seconds()

    def _distinct(self, population, weights, k):
        chosen = []
        while len(chosen) < k:
            item = self.rng.choices(population, weights)[0]
            if item not in chosen:
                chosen.append(item)
        return chosen

    def draft(self):
        rng, reference = self.rng, self.reference
        themes = self._distinct(self.theme_slugs, self.theme_weights, rng.choice((1, 2, 2, 2, 3)))
        vocabulary = [THEMES[slug] for slug in themes]
        lead_count = rng.choices((1, 2, 3), (70, 22, 8))[0]
        countries = self._distinct(
            self.members, self.member_weights, lead_count + rng.choices((0, 1, 2), (40, 35, 25))[0]
        )
        lead, others = countries[:lead_count], countries[lead_count:]

        targets = []
        while len(targets) < 4:
            if rng.random() < 0.75:
                code = rng.choice(rng.choice(vocabulary)["targets"])
            else:
                code = rng.choice(reference.target_codes)
            if code in reference.targets and code not in targets:
                targets.append(code)
        gcm = []
        while len(gcm) < 2:
            number = (
                rng.choice(rng.choice(vocabulary)["gcm"])
                if rng.random() < 0.8
                else rng.randint(1, 23)
            )
            if number not in gcm:
                gcm.append(number)

        partner_types = [self.government_type] if rng.random() < 0.6 else []
        while len(partner_types) < 2:
            kind = rng.choice(self.non_government_types)
            if kind not in partner_types:
                partner_types.append(kind)
        organizations = []
        for _ in range(rng.choices((0, 1, 2), (30, 45, 25))[0]):
            kind = rng.choice([k for k in partner_types if k in self.organizations])
            organization = rng.choice(self.organizations[kind])
            if organization not in organizations:
                organizations.append(organization)

        roundtables = []
        if reference.roundtables and rng.random() < 0.15:
            presentation = rng.choice(list(PracticeRoundtable.Presentation))
            roundtables.append((rng.choice(reference.roundtables), presentation))
        keywords = []
        if rng.random() < 0.3:
            pool = sorted({k for theme in vocabulary for k in theme["keywords"]})
            keywords = rng.sample(pool, min(len(pool), rng.randint(1, 3)))

        practice_type = rng.choices(self.types, self.type_weights)[0]
        published_at = FIRST_PUBLICATION + timedelta(seconds=rng.random() * self.span)
        start_year, end_year, status = self._years(published_at.year)
        reviewed_days = rng.randint(0, max(0, (self.today - published_at.date()).days))
        last_reviewed_at = published_at.date() + timedelta(days=reviewed_days)

        lead_names = [reference.countries[pk] for pk in lead]
        topics = [topic for theme in vocabulary for topic in theme["topics"]]
        topic, topic2 = rng.sample(topics, 2)
        context = {
            "lead": lead_names[0],
            "other": reference.countries[others[0] if others else rng.choice(self.members)],
            "Instrument": rng.choice(INSTRUMENTS[practice_type]),
            "topic": topic,
            "topic2": topic2,
            "Topic": title_case(topic),
            "Topic2": title_case(topic2),
            "aim": rng.choice(rng.choice(vocabulary)["aims"]),
            "beneficiaries": rng.choice(BENEFICIARIES),
            "partner": organizations[0][1] if organizations else "civil society organizations",
            "places": " and ".join(lead_names) if len(lead_names) > 1 else "several provinces",
            "number": f"{rng.randint(2, 400) * 50:,}",
            "start": start_year,
            "plan_end": start_year + rng.randint(3, 6),
            "result_year": min(self.today.year, (end_year or start_year) + 1),
            "budget": rng.randint(1, 40),
            "percent": rng.randint(5, 60),
            "target": targets[0],
            "gcm": gcm[0],
        }
        context["Beneficiaries"] = title_case(context["beneficiaries"])
        context["instrument"] = context["Instrument"].lower()
        title_template = TITLES[rng.randrange(len(TITLES) - (0 if others else 1))]
        title = title_template.format(**context)
        summary = " ".join(
            sentence.format(**context)
            for sentence in [SUMMARY[0], *rng.sample(SUMMARY[1:], rng.randint(2, 4))]
        )
        body = {}
        for section, (low, high, empty) in BODY_LENGTHS.items():
            if rng.random() < empty:
                body[section] = ""
                continue
            pool = BODY[section] + [
                sentence for theme in vocabulary for sentence in theme["body"].get(section, [])
            ]
            sentences = rng.sample(pool, min(len(pool), rng.randint(low, high)))
            body[section] = " ".join(s.format(**context) for s in sentences)
        body["other_gfmd_sources"] = (
            rng.choice(OTHER_SOURCES).format(**context) if rng.random() < 0.1 else ""
        )

        scope = (
            Practice.Scope.GLOBAL
            if rng.random() < 0.05
            else Practice.Scope.NATIONAL
            if len(countries) == 1
            else Practice.Scope.BILATERAL
            if len(countries) == 2
            else Practice.Scope.REGIONAL
        )
        fields = {
            "title": title,
            "summary": summary,
            **body,
            "practice_type": practice_type,
            "status": status,
            "start_year": start_year,
            "end_year": end_year,
            "geographic_scope": scope,
            "language": rng.choices(("en", "fr", "es"), (85, 8, 7))[0],
            "source_note": SOURCE_NOTE.format(seed=self.seed),
            "review_state": ReviewState.PUBLISHED,
            "published_at": published_at,
            "last_reviewed_at": last_reviewed_at,
        }
        return _Draft(
            fields=fields,
            themes=[reference.themes[slug] for slug in themes],
            targets=[reference.targets[code] for code in targets],
            gcm=[reference.gcm[number] for number in gcm if number in reference.gcm],
            lead=lead,
            others=others,
            partner_types=partner_types,
            organizations=organizations,
            roundtables=roundtables,
            keywords=keywords,
        )

    def _years(self, published_year):
        """Start and end years and a status that agree with each other and the publication."""
        rng, this_year = self.rng, self.today.year
        if rng.random() < 0.05:
            return published_year + 1, None, Practice.Status.PLANNED
        start = max(2000, published_year - rng.choices(range(7), (20, 25, 20, 15, 10, 6, 4))[0])
        if rng.random() < 0.08:
            return start, None, ""
        end = start + rng.randint(0, 8)
        if end < this_year and rng.random() < 0.7:
            return start, end, Practice.Status.COMPLETED
        ongoing_end = end if end >= this_year and rng.random() < 0.5 else None
        return start, ongoing_end, Practice.Status.ONGOING


class _Slugs:
    """Unique slugs without a query per row: the taken ones are read once."""

    def __init__(self):
        self.taken = set(Practice.objects.values_list("slug", flat=True))

    def make(self, title):
        base = slugify(title)[:245].strip("-") or "item"
        slug, counter = base, 2
        while slug in self.taken:
            slug, counter = f"{base}-{counter}", counter + 1
        self.taken.add(slug)
        return slug


# Each relation: the attribute of _Draft, the M2M field of Practice.
RELATIONS = [
    ("themes", "thematic_areas"),
    ("targets", "sdg_targets"),
    ("gcm", "gcm_objectives"),
    ("lead", "lead_countries"),
    ("others", "other_countries"),
    ("partner_types", "partner_types"),
    ("organizations", "partner_organizations"),
]


def _through(field_name):
    field = Practice._meta.get_field(field_name)
    return field.remote_field.through, f"{field.m2m_reverse_field_name()}_id"


def seed_synthetic(*, practices, seed=0, batch_size=BATCH_SIZE, progress=None):
    """Create `practices` synthetic published practices; see the module docstring."""
    started = time.perf_counter()
    timings = {}
    mark = started

    def lap(step):
        nonlocal mark
        now = time.perf_counter()
        timings[step] = timings.get(step, 0.0) + now - mark
        mark = now

    _ensure_reference_data()
    reference = _Reference()
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(Practice)
    with transaction.atomic():
        organizations, organizations_created = _organization_pool(reference)
        tags = _keyword_tags()
        governments = dict(
            Organization.objects.filter(is_national_government=True).values_list("country_id", "id")
        )
        countries = {country.pk: country for country in Country.objects.all()}
        generator = _Generator(seed=seed, reference=reference, organizations=organizations, now=now)
        slugs = _Slugs()
        throughs = {name: _through(name) for _attr, name in RELATIONS}
        lap("preparation")

        for start in range(0, practices, batch_size):
            count = min(batch_size, practices - start)
            drafts = [generator.draft() for _ in range(count)]
            objects = []
            for draft in drafts:
                first = draft.lead[0]
                if first not in governments:
                    government, created = get_or_create_government(countries[first])
                    governments[first] = government.pk
                    organizations_created += created
                fields = draft.fields
                objects.append(
                    Practice(
                        slug=slugs.make(fields["title"]),
                        government_id=governments[first],
                        **fields,
                    )
                )
            lap("generating")
            Practice.objects.bulk_create(objects, batch_size=batch_size)
            lap("inserting practices")
            for attribute, field_name in RELATIONS:
                through, column = throughs[field_name]
                rows = []
                for practice, draft in zip(objects, drafts, strict=True):
                    for item in getattr(draft, attribute):
                        value = item[0] if isinstance(item, tuple) else item
                        rows.append(through(practice_id=practice.pk, **{column: value}))
                through.objects.bulk_create(rows, batch_size=batch_size)
            PracticeRoundtable.objects.bulk_create(
                [
                    PracticeRoundtable(
                        practice_id=practice.pk, roundtable_id=roundtable, presentation=how
                    )
                    for practice, draft in zip(objects, drafts, strict=True)
                    for roundtable, how in draft.roundtables
                ],
                batch_size=batch_size,
            )
            TaggedItem.objects.bulk_create(
                [
                    TaggedItem(content_type=content_type, object_id=practice.pk, tag_id=tags[name])
                    for practice, draft in zip(objects, drafts, strict=True)
                    for name in draft.keywords
                ],
                batch_size=batch_size,
            )
            lap("inserting relations")
            # The search columns, as the write paths' signals would refresh them.
            document.refresh_search_columns([practice.pk for practice in objects])
            lap("search columns")
            # With DEBUG on, Django keeps every statement it ran: batches of 5,000 rows each.
            reset_queries()
            if progress:
                progress(start + count, time.perf_counter() - started)

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            lap("analyze")
        changes.record_full_rebuild()
    return SeedResult(
        practices=practices,
        organizations_created=organizations_created,
        seconds=time.perf_counter() - started,
        timings=timings,
    )
