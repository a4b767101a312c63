"""Import the practices the GFMD report showcases (fixtures/practices_from_report.csv), with the
organizations they name, on top of the reference data `pfp.taxonomy.loading` loads.

Like the reference data, a practice is only created when missing and never updated, so staff
edits survive a second run. `manage.py load_pfp_data` is the command-line face of
`load_pfp_data()`; `seed_demo` reuses `get_or_create_government()`.
"""

import re
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from pfp.accounts.models import Organization
from pfp.core.slugs import unique_slug
from pfp.moderation.models import ReviewState
from pfp.taxonomy.loading import (
    COUNTRIES_PLACED,
    LoadError,
    LoadResult,
    fixtures_dir,
    load_reference_data,
    optional_int,
    read_rows,
    split_list,
)
from pfp.taxonomy.models import (
    Country,
    GCMObjective,
    PartnerType,
    SDGTarget,
    ThematicArea,
)

from .models import Practice
from .search.changes import practices_changed, record_full_rebuild
from .search.document import refresh_search_columns

REPORT_CHANGE_REASON = "Imported from the GFMD report (fixtures/practices_from_report.csv)"

# Country names read with "the" in English: "Government of the Philippines".
NAMES_WITH_ARTICLE = re.compile(
    r"^(United|Netherlands|Philippines|Bahamas|Gambia|Maldives|Comoros|Seychelles)\b"
    r"|\b(Republic|Islands)\b"
)


def government_name(country):
    name = country.name
    if NAMES_WITH_ARTICLE.search(name) and not name.startswith("Republic of"):
        name = f"the {name}"
    return f"Government of {name}"


def get_or_create_government(country):
    """The national-government organization of a country; created, verified, when missing.

    Returns (organization, created). An existing one is returned as it is, whatever staff
    named it or decided about its verification.
    """
    government = Organization.objects.filter(is_national_government=True, country=country).first()
    if government is not None:
        return government, False
    government = Organization.objects.create(
        name=government_name(country),
        partner_type=PartnerType.objects.get(slug=PartnerType.NATIONAL_GOVERNMENT),
        country=country,
        verified=True,
    )
    return government, True


# Checked in this order against the title; the first match wins, "programme" otherwise.
PRACTICE_TYPE_PATTERNS = [
    (Practice.Type.AGREEMENT, r"\bagreements?\b|\bmemorand"),
    (Practice.Type.LEGISLATION, r"\blaws?\b|\blegislation\b"),
    (Practice.Type.STUDY, r"\bstudy\b|\bmapping\b|\bassessment\b"),
    (Practice.Type.TOOL, r"\bwebsite\b|\bguide\b|\bdashboard\b|\btools?\b|\bprofile\b"),
    (Practice.Type.POLICY, r"\bpolicy\b(?!\s+cent)|\bpolicies\b|\bcode\b"),
    (Practice.Type.PARTNERSHIP, r"\bpartnership\b|\balliance\b"),
]


def guess_practice_type(title):
    """A first guess from the title; staff correct it in the admin."""
    for practice_type, pattern in PRACTICE_TYPE_PATTERNS:
        if re.search(pattern, title, flags=re.IGNORECASE):
            return practice_type
    return Practice.Type.PROGRAMME


class _Lookups:
    """Reference rows by natural key, read once per run, and organizations made on the way."""

    def __init__(self):
        self.countries = {str(country.code): country for country in Country.objects.all()}
        self.partner_types = {kind.slug: kind for kind in PartnerType.objects.all()}
        self.themes = {theme.slug: theme for theme in ThematicArea.objects.all()}
        self.targets = {target.code: target for target in SDGTarget.objects.all()}
        self.objectives = {objective.number: objective for objective in GCMObjective.objects.all()}
        self.known_organizations = {}  # name -> (partner type, country) from the fixture
        self.organizations = {}
        for organization in Organization.objects.order_by("id"):
            self.organizations.setdefault(organization.name, organization)
        self.governments = {}
        self.organizations_created = 0

    def government(self, country):
        if country.pk not in self.governments:
            government, created = get_or_create_government(country)
            self.governments[country.pk] = government
            self.organizations_created += created
        return self.governments[country.pk]

    def organization(self, name, partner_type):
        """The organization of that name; created when missing, typed by the fixture of the
        report's organizations when it lists the name, else by the practice's partner types."""
        if name not in self.organizations:
            known_type, country = self.known_organizations.get(name, (None, None))
            self.organizations[name] = Organization.objects.create(
                name=name, partner_type=known_type or partner_type, country=country, verified=True
            )
            self.organizations_created += 1
        return self.organizations[name]


def unique_slug_base(title):
    """The slug `unique_slug()` gives a title when it is free."""
    return slugify(title)[:245].strip("-") or "item"


def _resolve(keys, table, what, title, warnings):
    found = []
    for key in keys:
        if key in table:
            found.append(table[key])
        else:
            warnings.append(f"{title!r}: no {what} {key!r}, left out")
    return found


def load_report_practices(directory, *, now=None, warnings=None):
    """Create the practices the GFMD report showcases, published, with their relations.

    A practice counts as imported when a practice has the slug its title gives, or its exact
    title. The slug is the key because it is what staff are least likely to change (it is
    the public address); the title catches a practice whose slug staff did change. So a
    retitled practice is not imported a second time.

    Returns (practices created, organizations created).
    """
    now = now or timezone.now()
    warnings = [] if warnings is None else warnings
    known_slugs = set(Practice.objects.values_list("slug", flat=True))
    known_titles = set(Practice.objects.values_list("title", flat=True))
    rows = []
    for row in read_rows(directory, "practices_from_report"):
        slug = unique_slug_base(row["title"])
        if slug not in known_slugs and row["title"] not in known_titles:
            rows.append(row)
            known_slugs.add(slug)  # a title twice in the file is imported once
            known_titles.add(row["title"])
    if not rows:
        return 0, 0

    lookups = _Lookups()
    for row in read_rows(directory, "report_organizations"):
        lookups.known_organizations[row["name"]] = (
            lookups.partner_types.get(row["partner_type"]),
            lookups.countries.get(row["country"]) if row["country"] else None,
        )
    national_government = lookups.partner_types.get(PartnerType.NATIONAL_GOVERNMENT)
    if national_government is None:
        raise LoadError("Partner type national-government is missing: load reference data.")
    created_ids = []
    for row in rows:
        title = row["title"]
        lead = _resolve(
            split_list(row["lead_countries"]), lookups.countries, "country", title, warnings
        )
        others = _resolve(
            split_list(row["partner_countries"]), lookups.countries, "country", title, warnings
        )
        partner_types = _resolve(
            split_list(row["partner_types"]), lookups.partner_types, "partner type", title, warnings
        )
        organization_type = next(
            (kind for kind in partner_types if not kind.is_national_government),
            national_government,
        )
        organizations = [
            lookups.organization(name, organization_type)
            for name in split_list(row["partner_organizations"])
        ]
        themes = _resolve(
            split_list(row["thematic_areas"]), lookups.themes, "theme", title, warnings
        )
        targets = _resolve(
            split_list(row["sdg_targets"]), lookups.targets, "SDG target", title, warnings
        )
        objectives = _resolve(
            [int(number) for number in split_list(row["gcm_objectives"])],
            lookups.objectives,
            "GCM objective",
            title,
            warnings,
        )
        end_year = optional_int(row["end_year"])
        practice = Practice(
            title=title,
            slug=unique_slug(Practice, title),
            summary=row["summary"],
            practice_type=guess_practice_type(title),
            status=Practice.Status.COMPLETED if end_year and end_year < now.year else "",
            start_year=optional_int(row["start_year"]),
            end_year=end_year,
            government=lookups.government(lead[0]) if lead else None,
            source_note=row["source"],
            review_state=ReviewState.PUBLISHED,
            published_at=now,
            last_reviewed_at=timezone.localdate(now),
        )
        # One history record per imported practice, holding its relations, rather than a
        # "created" record with none followed by one "changed" record per relation.
        practice.skip_history_when_saving = True
        practice.save()
        for relation, items in [
            (practice.lead_countries, lead),
            (practice.other_countries, others),
            (practice.partner_organizations, organizations),
            (practice.partner_types, partner_types),
            (practice.thematic_areas, themes),
            (practice.sdg_targets, targets),
            (practice.gcm_objectives, objectives),
        ]:
            if items:
                relation.add(*items)
        del practice.skip_history_when_saving
        practice._change_reason = REPORT_CHANGE_REASON
        practice.save(update_fields=["updated_at"])
        created_ids.append(practice.pk)
    # That history record is the practice's first: say "created", not "changed".
    Practice.history.filter(id__in=created_ids).update(history_type="+")
    practices_changed(created_ids)
    return len(rows), lookups.organizations_created


def load_pfp_data(*, reference_only=False, directory=None):
    """Load what is missing, in one transaction. Returns a LoadResult."""
    directory = Path(directory) if directory else fixtures_dir()
    result = LoadResult()
    with transaction.atomic():
        load_reference_data(directory, result)
        if any(result.created.values()):
            # Bulk inserts send no signals: tell running processes to rebuild their index.
            record_full_rebuild()
        if result.created.get(COUNTRIES_PLACED):
            # A database loaded before the M49 hierarchy: its practices are found by the
            # names of their regions from now on.
            ids = list(Practice.objects.order_by("id").values_list("id", flat=True))
            for start in range(0, len(ids), 1000):
                refresh_search_columns(ids[start : start + 1000])
        if not reference_only:
            practices, organizations = load_report_practices(directory, warnings=result.warnings)
            result.created["organizations"] = organizations
            result.created["practices"] = practices
    return result
