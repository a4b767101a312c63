"""The query-string contract of `/practices/`, declared with django-filter from the registry.

`PracticeFilter` names every parameter, its label and its valid values (public identifiers,
taken from the facet index so that building the form costs no query), and validates them; its
facet filters are made from the facet registry (`facets`). Its `qs` is the plain ORM
implementation of the same filters: the facet index answers the pages, and tests check that
the two always agree.
"""

from functools import reduce
from operator import or_

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from practices.models import Practice

from . import text
from .facets import FACET_BY_NAME, FACETS

SORTS = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest")),
    ("title", _("Title")),
]
YEAR_MIN, YEAR_MAX = 1900, 2100


class _PracticeFilterBase(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label=_("Search"))
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

    def filter_facet(self, queryset, name, value):
        """Practices carrying any of the values, through any of the facet's relations."""
        paths = FACET_BY_NAME[name].orm_paths
        condition = reduce(or_, (Q(**{f"{path}__in": value}) for path in paths))
        return queryset.filter(condition).distinct()

    def filter_text(self, queryset, name, value):
        return queryset.filter(id__in=text.search(value).ids.tolist())

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


# The facet filters, one per registered facet, declared on the class as if written out.
PracticeFilter = type(_PracticeFilterBase)(
    "PracticeFilter",
    (_PracticeFilterBase,),
    {
        "__module__": __name__,
        "__doc__": "The filters of `/practices/`: the text, every facet, the years, the sort.",
        **{
            facet.name: django_filters.MultipleChoiceFilter(
                method="filter_facet", label=facet.label
            )
            for facet in FACETS
        },
    },
)
