"""Load the reference data (goals, targets, GCM objectives, themes, partner types, countries
and their UN M49 regions, summits and roundtables, search variants) from the CSV files in
fixtures/.

Every row is keyed on its natural key (goal number, target code, slug, ISO code, summit year,
roundtable identifier …) and only created when missing; an existing row is never updated. So a
second run changes nothing, and an edit staff made in the admin (a renamed theme, a corrected
colour, a retitled practice) survives any later run. Rows staff deleted come back on the next
run: delete them from the fixture too if they must stay gone. The one value filled in on
existing rows is a country's place in the M49 hierarchy, while it has none.

`load_reference_data()` is called by `practices.report.load_pfp_data()`, which adds the
practices of the GFMD report and is the command-line `manage.py load_pfp_data`.
"""

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django_countries import countries as iso_countries

from pfp.core import generation
from pfp.core.folding import fold_term
from pfp.taxonomy.models import (
    Country,
    GCMObjective,
    PartnerType,
    Region,
    Roundtable,
    SDGGoal,
    SDGTarget,
    SearchVariant,
    Summit,
    ThematicArea,
    roundtable_identifier,
    target_position,
)


class LoadError(Exception):
    """A fixture file cannot be loaded as it stands."""


@dataclass
class LoadResult:
    # label → number of rows created, in the order the datasets were loaded
    created: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def nothing_created(self):
        return not any(self.created.values())

    def summary(self):
        if self.nothing_created:
            return "nothing to create"
        return "created " + ", ".join(
            f"{count} {label}" for label, count in self.created.items() if count
        )


def fixtures_dir():
    return Path(settings.PFP_FIXTURES_DIR)


def read_rows(directory, name):
    path = Path(directory) / f"{name}.csv"
    try:
        with path.open(encoding="utf-8", newline="") as file:
            return list(csv.DictReader(file))
    except FileNotFoundError as error:
        raise LoadError(f"Fixture file {path} is missing.") from error


def split_list(value):
    """`"10.c;1.4"` → `["10.c", "1.4"]`: the fixtures separate list items with semicolons."""
    return [item.strip() for item in value.split(";") if item.strip()]


def optional_int(value):
    value = value.strip()
    return int(value) if value else None


# --- reference data ------------------------------------------------------------------------


def load_goals(directory):
    existing = set(SDGGoal.objects.values_list("number", flat=True))
    new = [
        SDGGoal(
            number=int(row["number"]),
            short_title=row["short_title"],
            title=row["full_title"],
            color=row["color_hex"],
        )
        for row in read_rows(directory, "sdg_goals")
        if int(row["number"]) not in existing
    ]
    SDGGoal.objects.bulk_create(new)
    return len(new)


def load_targets(directory):
    goal_ids = dict(SDGGoal.objects.values_list("number", "id"))
    topics = {
        row["code"]: row["topic"] for row in read_rows(directory, "explicit_migration_targets")
    }
    existing = set(SDGTarget.objects.values_list("code", flat=True))
    new = []
    for row in read_rows(directory, "sdg_targets"):
        code = row["code"]
        if code in existing:
            continue
        goal_id = goal_ids.get(int(row["goal"]))
        if goal_id is None:
            raise LoadError(f"Target {code}: goal {row['goal']} does not exist.")
        new.append(
            SDGTarget(
                goal_id=goal_id,
                code=code,
                text=row["text"],
                is_explicit_migration=code in topics,
                migration_topic=topics.get(code, ""),
                # bulk_create skips save(), which derives the position
                position=target_position(code),
            )
        )
    SDGTarget.objects.bulk_create(new)
    return len(new)


def load_gcm_objectives(directory):
    existing = set(GCMObjective.objects.values_list("number", flat=True))
    new = [
        GCMObjective(number=int(row["number"]), short_name=row["short_name"], title=row["title"])
        for row in read_rows(directory, "gcm_objectives")
        if int(row["number"]) not in existing
    ]
    GCMObjective.objects.bulk_create(new)
    return len(new)


def load_thematic_areas(directory):
    existing = set(ThematicArea.objects.values_list("slug", flat=True))
    new = [
        ThematicArea(slug=row["slug"], name=row["name"], scope=row["scope"], position=position)
        for position, row in enumerate(read_rows(directory, "thematic_areas"), start=1)
        if row["slug"] not in existing
    ]
    ThematicArea.objects.bulk_create(new)
    return len(new)


def load_partner_types(directory):
    existing = set(PartnerType.objects.values_list("slug", flat=True))
    new = [
        PartnerType(slug=row["slug"], name=row["name"], position=position)
        for position, row in enumerate(read_rows(directory, "partner_types"), start=1)
        if row["slug"] not in existing
    ]
    PartnerType.objects.bulk_create(new)
    return len(new)


def country_code(raw):
    """The ISO alpha-2 code of a row of countries_m49.csv, or None for a row to leave out.

    The source table writes a few codes as patterns (`^GB$|^UK$`, `^GR$|^EL$`): the first
    code is the ISO one. Rows django-countries does not know (Kosovo's user-assigned XK, the
    withdrawn AN and SU, the made-up B1) are left out, because Country.code is a CountryField
    whose choices are django-countries' list: such a record could never be saved in the admin.
    """
    codes = re.findall(r"[A-Z]{2}", raw.upper()) if "^" in raw else [raw.strip().upper()]
    if codes and codes[0] in iso_countries:
        return codes[0]
    return None


def load_countries(directory):
    codes, iso3s, m49s = set(), set(), set()
    for code, iso3, m49 in Country.objects.values_list("code", "iso3", "m49"):
        codes.add(code)
        iso3s.add(iso3)
        m49s.add(m49)
    observers = {row["iso2"].strip() for row in read_rows(directory, "un_observer_states")}
    new = []
    for row in read_rows(directory, "countries_m49"):
        code, m49 = country_code(row["iso2"]), optional_int(row["m49"])
        if code is None or m49 is None:
            continue
        if code in codes or row["iso3"] in iso3s or m49 in m49s:
            continue
        new.append(
            Country(
                code=code,
                iso3=row["iso3"],
                m49=m49,
                name=row["name"],
                region=row["region"],
                subregion=row["subregion"],
                # bulk_create skips Country.save(), which derives these
                region_slug=slugify(row["region"]),
                subregion_slug=slugify(row["subregion"]),
                un_member=row["un_member"].strip().lower() == "yes",
                un_observer=code in observers,
            )
        )
    Country.objects.bulk_create(new)
    return len(new)


def _region_codes(rows):
    """{name in m49_regions.csv: M49 code}: the file names areas, the database keys them by
    code, so that an area staff renamed is still found."""
    return {row["name"].strip(): int(row["m49"]) for row in rows}


def load_regions(directory):
    """The UN M49 hierarchy of m49_regions.csv: regions, sub-regions, intermediate regions.

    Created a level at a time, so that each area finds the one it is part of. The informal
    names people search for ("West Africa") are data of the file, kept in `aliases`.
    """
    rows = read_rows(directory, "m49_regions")
    code_of = _region_codes(rows)
    levels = {choice.value: choice for choice in Region.Level}
    for row in rows:
        if row["level"].strip() not in levels:
            raise LoadError(f"M49 area {row['name']}: unknown level {row['level']!r}.")
        parent = row["parent"].strip()
        if parent and parent not in code_of:
            raise LoadError(f"M49 area {row['name']}: no area {parent!r} in the file.")
    created = 0
    for level in Region.Level:
        id_of = dict(Region.objects.values_list("m49", "id"))
        new = [
            Region(
                m49=code_of[row["name"].strip()],
                name=row["name"].strip(),
                slug=slugify(row["name"]),
                level=level,
                parent_id=id_of.get(code_of.get(row["parent"].strip())),
                aliases=row["aliases"].strip(),
                position=position,
            )
            for position, row in enumerate(rows, start=1)
            if row["level"].strip() == level and code_of[row["name"].strip()] not in id_of
        ]
        Region.objects.bulk_create(new)
        created += len(new)
    return created


def place_countries_in_regions(directory):
    """Give each country without one its M49 sub-region and intermediate region, from the
    finest area that countries_m49.csv names (`subregion`: Western Africa, Southern Europe).

    This also fills a database loaded before the hierarchy existed. A country staff placed
    by hand keeps its place; an area the hierarchy does not have (Antarctica) places none.
    """
    code_of = _region_codes(read_rows(directory, "m49_regions"))
    areas = {r.m49: r for r in Region.objects.exclude(level=Region.Level.REGION)}
    finest = {}
    for row in read_rows(directory, "countries_m49"):
        code, area = country_code(row["iso2"]), areas.get(code_of.get(row["subregion"].strip()))
        if code and area:
            finest[code] = area
    placed = []
    for country in Country.objects.filter(m49_subregion__isnull=True, code__in=finest):
        area = finest[country.code.code]
        if area.level == Region.Level.INTERMEDIATE:
            country.m49_subregion_id, country.m49_intermediate_region = area.parent_id, area
        else:
            country.m49_subregion = area
        placed.append(country)
    Country.objects.bulk_update(placed, ["m49_subregion", "m49_intermediate_region"])
    return len(placed)


def country_rows_to_load(directory):
    """How many rows of countries_m49.csv name a country the portal can store."""
    return sum(
        1
        for row in read_rows(directory, "countries_m49")
        if country_code(row["iso2"]) and optional_int(row["m49"]) is not None
    )


SUMMIT_FORMATS = {
    "in-person": Summit.Format.IN_PERSON,
    "in person": Summit.Format.IN_PERSON,
    "virtual": Summit.Format.VIRTUAL,
    "online": Summit.Format.VIRTUAL,
    "hybrid": Summit.Format.HYBRID,
}


def load_summits(directory):
    country_ids = dict(Country.objects.values_list("iso3", "id"))
    existing = set(Summit.objects.values_list("year", flat=True))
    new = []
    for row in read_rows(directory, "gfmd_summits"):
        year = int(row["year"])
        if year in existing:
            continue
        chair_id = country_ids.get(row["chair_country_iso3"])
        if chair_id is None:
            raise LoadError(f"Summit {year}: no country {row['chair_country_iso3']}.")
        summit_format = SUMMIT_FORMATS.get(row["format"].strip().lower())
        if summit_format is None:
            raise LoadError(f"Summit {year}: unknown format {row['format']!r}.")
        notes = row["notes"].strip()
        # The model has no chairmanship field; a chairmanship that is not simply the year
        # (Sweden's 18 months, the Germany–Morocco co-chairmanship) is worth keeping.
        chairmanship = row["chairmanship"].strip()
        if chairmanship and chairmanship != row["year"]:
            notes = f"Chairmanship: {chairmanship}." + (f"\n\n{notes}" if notes else "")
        new.append(
            Summit(
                year=year,
                number=optional_int(row["summit_no"]),
                chair_country_id=chair_id,
                chair_label=row["chair_country"],
                city=row["city"],
                theme=row["theme"],
                dates=row["summit_dates"],
                format=summit_format,
                verified=row["status"].strip().lower() == "verified",
                notes=notes,
                sources=row["sources"],
            )
        )
    Summit.objects.bulk_create(new)
    return len(new)


def parent_identifier(year, number):
    """Session `2.1` belongs to roundtable `2` of the same summit, `1.a` to `1`."""
    if "." not in number:
        return None
    return roundtable_identifier(year, number.rsplit(".", 1)[0], Roundtable.Level.ROUNDTABLE, 0)


def load_roundtables(directory):
    summit_ids = dict(Summit.objects.values_list("year", "id"))
    existing = set(Roundtable.objects.values_list("identifier", flat=True))
    levels = {choice.value: choice for choice in Roundtable.Level}
    ordinals = {}  # (year, level) → unnumbered items of that level seen so far in the file
    top_level, sessions = [], []
    for position, row in enumerate(read_rows(directory, "gfmd_roundtables"), start=1):
        year, number = int(row["year"]), row["number"].strip()
        level = levels.get(row["level"].strip().lower())
        if level is None:
            raise LoadError(f"Roundtable {year} {number}: unknown level {row['level']!r}.")
        # Counted over the whole file, created or not, so identifiers never shift.
        ordinal = 0
        if not number:
            ordinal = ordinals[year, level] = ordinals.get((year, level), 0) + 1
        identifier = roundtable_identifier(year, number, level, ordinal)
        if identifier in existing or year not in summit_ids:
            continue
        existing.add(identifier)
        roundtable = Roundtable(
            summit_id=summit_ids[year],
            identifier=identifier,
            number=number,
            title=row["title"],
            level=level,
            position=position,
            source=row["source"],
            notes=row["notes"],
        )
        parent = parent_identifier(year, number)
        if parent:
            sessions.append((roundtable, parent))
        else:
            top_level.append(roundtable)
    Roundtable.objects.bulk_create(top_level)
    if sessions:
        parent_ids = dict(
            Roundtable.objects.filter(
                identifier__in={parent for _, parent in sessions}
            ).values_list("identifier", "id")
        )
        for roundtable, parent in sessions:
            roundtable.parent_id = parent_ids.get(parent)
        Roundtable.objects.bulk_create([roundtable for roundtable, _ in sessions])
    return len(top_level) + len(sessions)


def load_search_variants(directory):
    """The groups of search_variants.csv of which no term is in a group of the same kind yet.

    Keyed on the terms rather than on the row: a group staff edited (a term added, one taken
    out) or switched off still holds the fixture's other terms, so it is neither overwritten
    nor doubled; a group staff made themselves keeps the fixture's clashing one out.
    """
    taken = {}
    for kind, terms in SearchVariant.objects.values_list("kind", "terms"):
        taken.setdefault(kind, set()).update(fold_term(term) for term in terms.splitlines())
    kinds = set(SearchVariant.Kind.values)
    in_file = {}
    new = []
    for line, row in enumerate(read_rows(directory, "search_variants"), start=2):
        kind = row["kind"].strip()
        if kind not in kinds:
            raise LoadError(f"search_variants.csv line {line}: unknown kind {kind!r}.")
        variant = SearchVariant(
            kind=kind,
            terms="\n".join(split_list(row["terms"])),
            also_finds="\n".join(split_list(row["also_finds"])),
            note=row["note"].strip(),
        )
        try:
            variant.check_terms()
        except ValidationError as error:
            messages = "; ".join(
                message for errors in error.message_dict.values() for message in errors
            )
            raise LoadError(f"search_variants.csv line {line}: {messages}") from error
        folded = {fold_term(term) for term in variant.term_list}
        for term in folded:
            if (kind, term) in in_file:
                raise LoadError(
                    f"search_variants.csv line {line}: {term!r} is already in the {kind} group "
                    f"of line {in_file[kind, term]}."
                )
            in_file[kind, term] = line
        if folded & taken.get(kind, set()):
            continue
        new.append(variant)
    SearchVariant.objects.bulk_create(new)
    if new:
        # Bulk inserts send no signals: move the generation that search's mapping is kept on.
        generation.bump()
    return len(new)


# Countries newly placed in the M49 hierarchy: the search documents of their practices now
# hold the names of their regions.
COUNTRIES_PLACED = "countries placed in M49 sub-regions"
REFERENCE_LOADERS = [
    ("goals", load_goals),
    ("targets", load_targets),
    ("GCM objectives", load_gcm_objectives),
    ("thematic areas", load_thematic_areas),
    ("partner types", load_partner_types),
    ("countries", load_countries),
    ("M49 regions", load_regions),
    (COUNTRIES_PLACED, place_countries_in_regions),
    ("summits", load_summits),
    ("roundtables", load_roundtables),
    ("search variants", load_search_variants),
]


def load_reference_data(directory, result):
    """Create the missing reference rows, counting them in `result.created` by dataset."""
    for label, loader in REFERENCE_LOADERS:
        result.created[label] = loader(directory)
    return result
