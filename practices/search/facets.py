"""The facet registry: every filter of `/practices/`, declared once.

Each facet names its public query-string parameter, its label, where it stands on the page,
and how a practice reaches its values: through a many-to-many relation of `Practice` and an
identifier field of the related row (a theme's slug, a target's code), through the related
rows of another facet (a target gives its goal, a country its region and its M49 sub-regions,
a roundtable its summit), or from a column of the practice itself (its type, its status).

The facet index (`index`), the django-filter FilterSet (`filters`), the page's facet panel
(`query`), the exports (`exports`) and the query fuzz test all read this registry.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .syntax import fold


@dataclass(frozen=True)
class Facet:
    name: str  # the public query-string parameter
    label: object
    page_order: int  # where its panel stands on the page
    # The values in display order, as (value, label) or (value, label, title: the whole text
    # of a label that is shortened), and how database rows give them, as
    # (id of the related row, value): the row of `relations`, or of the facet `derived_from`.
    load: Callable = field(repr=False, compare=False)
    relations: tuple = ()  # many-to-many fields of Practice whose rows carry the value
    # Path from the related row to the public identifier; a tuple of paths when a row gives
    # several values (a country its M49 sub-region and its intermediate region).
    identifier: str | tuple = ""
    derived_from: str = ""  # the facet whose related rows give this facet's values
    column: str = ""  # a column of Practice holding the value
    # Whether the page's filter panel lists it; a facet left out still filters, counts and
    # shows as a chip (the lead governments: the insights map's "lead" view links to them).
    panel: bool = True

    @property
    def orm_paths(self):
        """Lookups from a practice to the facet's public identifiers, for the ORM."""
        if self.column:
            return [self.column]
        source = FACET_BY_NAME[self.derived_from] if self.derived_from else self
        paths = (self.identifier,) if isinstance(self.identifier, str) else self.identifier
        return [f"{relation}__{path}" for relation in source.relations for path in paths]


def _themes():
    from pfp.taxonomy.models import ThematicArea

    themes = list(ThematicArea.objects.all())
    return [(t.slug, t.name) for t in themes], [(t.pk, t.slug) for t in themes]


def _goals():
    from pfp.taxonomy.models import SDGGoal, SDGTarget

    labels = [(str(g.number), f"{g.number}. {g.short_title}") for g in SDGGoal.objects.all()]
    keys = [(pk, str(goal)) for pk, goal in SDGTarget.objects.values_list("pk", "goal__number")]
    return labels, keys


def _targets():
    """Each target by its code and short text, its whole official text as the title."""
    from pfp.taxonomy.models import SDGTarget

    targets = list(SDGTarget.objects.all())
    return [(t.code, t.label, t.text) for t in targets], [(t.pk, t.code) for t in targets]


def _gcm_objectives():
    from pfp.taxonomy.models import GCMObjective

    objectives = list(GCMObjective.objects.all())
    labels = [(str(o.number), f"{o.number}. {o.short_name}") for o in objectives]
    return labels, [(o.pk, str(o.number)) for o in objectives]


def _countries_by_name():
    from pfp.taxonomy.models import Country

    countries = list(Country.objects.all())
    countries.sort(key=lambda c: fold(c.display_name))
    return countries


def _countries():
    countries = _countries_by_name()
    return [(c.code.code, c.display_name) for c in countries], [
        (c.pk, c.code.code) for c in countries
    ]


def _regions():
    countries = _countries_by_name()
    labels = sorted({(c.region_slug, c.region) for c in countries if c.region_slug})
    return labels, [(c.pk, c.region_slug) for c in countries]


def _subregions():
    """M49 sub-regions and intermediate regions, each intermediate one after its sub-region;
    a country gives both of its own (Senegal: Sub-Saharan Africa and Western Africa)."""
    from pfp.taxonomy.models import Country
    from pfp.taxonomy.regions import subregions_in_order

    labels = [(area.slug, area.name) for area in subregions_in_order()]
    keys = [
        (pk, slug)
        for pk, *slugs in Country.objects.values_list(
            "pk", "m49_subregion__slug", "m49_intermediate_region__slug"
        )
        for slug in slugs
        if slug
    ]
    return labels, keys


def _summits():
    from pfp.taxonomy.models import Roundtable, Summit

    summits = Summit.objects.select_related("chair_country").order_by("year")
    keys = [(pk, str(year)) for pk, year in Roundtable.objects.values_list("pk", "summit__year")]
    return [(str(s.year), str(s)) for s in summits], keys


def _roundtables():
    from pfp.taxonomy.models import Roundtable

    roundtables = list(Roundtable.objects.select_related("summit"))
    return [(r.identifier, str(r)) for r in roundtables], [
        (r.pk, r.identifier) for r in roundtables
    ]


def _partner_types():
    from pfp.taxonomy.models import PartnerType

    kinds = list(PartnerType.objects.all())
    return [(k.slug, k.name) for k in kinds], [(k.pk, k.slug) for k in kinds]


def _choices(name):
    def load():
        from practices.models import Practice

        choices = Practice._meta.get_field(name).choices
        return [(str(value), str(label)) for value, label in choices], []

    return load


def _related(name, label, page_order, load, relations, identifier, **options):
    return Facet(
        name, label, page_order, load, relations=relations, identifier=identifier, **options
    )


def _derived(name, label, page_order, load, derived_from, identifier):
    return Facet(name, label, page_order, load, derived_from=derived_from, identifier=identifier)


def _column(name, label, page_order, column):
    return Facet(name, label, page_order, _choices(column), column=column)


SUBREGION_PATHS = ("m49_subregion__slug", "m49_intermediate_region__slug")

# In the order of the query string (links, the exports' echo of the query); the third column
# orders the page's panels.
# fmt: off
FACETS = (
    _related("theme", _("Thematic area"), 1, _themes, ("thematic_areas",), "slug"),
    _derived("goal", _("SDG"), 2, _goals, "target", "goal__number"),
    _related("target", _("SDG target"), 3, _targets, ("sdg_targets",), "code"),
    _related("gcm", _("GCM objective"), 4, _gcm_objectives, ("gcm_objectives",), "number"),
    _related("country", _("Country"), 5, _countries, ("lead_countries", "other_countries"), "code"),
    _related(
        "lead", _("Lead government"), 13, _countries, ("lead_countries",), "code", panel=False
    ),
    _derived("region", _("Region"), 6, _regions, "country", "region_slug"),
    _derived("subregion", _("Sub-region"), 7, _subregions, "country", SUBREGION_PATHS),
    _derived("summit", _("GFMD summit"), 11, _summits, "roundtable", "summit__year"),
    _related("roundtable", _("Roundtable"), 12, _roundtables, ("roundtables",), "identifier"),
    _related("partner_type", _("Partner type"), 8, _partner_types, ("partner_types",), "slug"),
    _column("type", _("Type of practice"), 9, "practice_type"),
    _column("status", _("Status"), 10, "status"),
)
# fmt: on
FACET_BY_NAME = {facet.name: facet for facet in FACETS}
FACET_NAMES = [facet.name for facet in FACETS]
# The facets shown open, in this order, on the page.
PAGE_ORDER = [
    facet.name for facet in sorted(FACETS, key=lambda facet: facet.page_order) if facet.panel
]
# What each facet is called on the page and in notices.
FACET_LABELS = {facet.name: facet.label for facet in FACETS}
# Facets reached through a relation of Practice, and the facets derived from their rows.
RELATION_FACETS = [facet for facet in FACETS if facet.relations]
DERIVED_FACETS = [facet for facet in FACETS if facet.derived_from]
COLUMN_FACETS = [facet for facet in FACETS if facet.column]
