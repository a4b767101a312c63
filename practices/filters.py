"""The query-string contract of `/practices/`, declared once with django-filter.

`PracticeFilter` names every parameter, its label and its valid values (public identifiers,
taken from the facet index so that building the form costs no query), and validates them.
Its `qs` is the plain ORM implementation of the same filters: the facet index answers the
pages, and tests check that the two always agree.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import text_search
from .models import Practice

SORTS = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest")),
    ("title", _("Title")),
]
YEAR_MIN, YEAR_MAX = 1900, 2100

FACET_LABELS = {
    "theme": _("Thematic area"),
    "goal": _("SDG"),
    "target": _("SDG target"),
    "gcm": _("GCM objective"),
    "country": _("Country"),
    "region": _("Region"),
    "summit": _("GFMD summit"),
    "roundtable": _("Roundtable"),
    "partner_type": _("Partner type"),
    "type": _("Type of practice"),
    "status": _("Status"),
}


class PracticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label=_("Search"))
    theme = django_filters.MultipleChoiceFilter(
        field_name="thematic_areas__slug", label=FACET_LABELS["theme"], distinct=True
    )
    goal = django_filters.MultipleChoiceFilter(
        field_name="sdg_targets__goal__number", label=FACET_LABELS["goal"], distinct=True
    )
    target = django_filters.MultipleChoiceFilter(
        field_name="sdg_targets__code", label=FACET_LABELS["target"], distinct=True
    )
    gcm = django_filters.MultipleChoiceFilter(
        field_name="gcm_objectives__number", label=FACET_LABELS["gcm"], distinct=True
    )
    country = django_filters.MultipleChoiceFilter(
        method="filter_country", label=FACET_LABELS["country"]
    )
    region = django_filters.MultipleChoiceFilter(
        method="filter_region", label=FACET_LABELS["region"]
    )
    summit = django_filters.MultipleChoiceFilter(
        field_name="roundtables__summit__year", label=FACET_LABELS["summit"], distinct=True
    )
    roundtable = django_filters.MultipleChoiceFilter(
        field_name="roundtables__identifier", label=FACET_LABELS["roundtable"], distinct=True
    )
    partner_type = django_filters.MultipleChoiceFilter(
        field_name="partner_types__slug", label=FACET_LABELS["partner_type"], distinct=True
    )
    type = django_filters.MultipleChoiceFilter(
        field_name="practice_type", label=FACET_LABELS["type"]
    )
    status = django_filters.MultipleChoiceFilter(field_name="status", label=FACET_LABELS["status"])
    year_from = django_filters.NumberFilter(method="filter_year_from", label=_("From year"))
    year_to = django_filters.NumberFilter(method="filter_year_to", label=_("To year"))
    sort = django_filters.ChoiceFilter(
        choices=SORTS, method="filter_nothing", label=_("Sort by"), empty_label=None
    )

    class Meta:
        model = Practice
        fields = []

    def __init__(self, *args, index, **kwargs):
        super().__init__(*args, **kwargs)
        for facet, values in index.values.items():
            self.filters[facet].extra["choices"] = [
                (entry.value, entry.label) for entry in values.values()
            ]

    def filter_text(self, queryset, name, value):
        return queryset.filter(id__in=text_search.search(value).ids.tolist())

    def filter_country(self, queryset, name, value):
        return queryset.filter(
            Q(lead_countries__code__in=value) | Q(other_countries__code__in=value)
        ).distinct()

    def filter_region(self, queryset, name, value):
        return queryset.filter(
            Q(lead_countries__region_slug__in=value) | Q(other_countries__region_slug__in=value)
        ).distinct()

    def filter_year_from(self, queryset, name, value):
        return queryset.filter(start_year__isnull=False).filter(
            Q(end_year__gte=value)
            | Q(end_year__isnull=True, status=Practice.Status.ONGOING)
            | Q(end_year__isnull=True, start_year__gte=value)
        )

    def filter_year_to(self, queryset, name, value):
        return queryset.filter(start_year__lte=value)

    def filter_nothing(self, queryset, name, value):
        return queryset
