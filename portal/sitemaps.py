"""The site's sitemaps, one section per kind of page, listed by a sitemap index at /sitemap.xml.

Each section is paginated on its own (`limit` entries a page) and the index lists every page,
so the 10,001st practice is on /sitemap-practices.xml?p=2 rather than nowhere. Every page is
listed in each language (English at the root, /fr/, /es/), each entry with its alternates in
the other languages and an x-default (English).
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from calls_for_action.models import CallForAction
from meetings.models import Meeting
from pfp.taxonomy.models import GCMObjective, SDGGoal, SDGTarget, Summit, ThematicArea
from practices.models import Practice


class LanguagesSitemap(Sitemap):
    """A sitemap that lists each page in every language, with `hreflang` alternates."""

    i18n = True
    alternates = True
    x_default = True


class PublishedSitemap(LanguagesSitemap):
    """The published items of a reviewable model, in a stable order, with their last change."""

    changefreq = "weekly"
    model = None

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("id")

    def lastmod(self, item):
        return item.updated_at


class PracticeSitemap(PublishedSitemap):
    model = Practice
    changefreq = "monthly"
    limit = 10_000


class TaxonomySitemap(LanguagesSitemap):
    changefreq = "weekly"

    def items(self):
        return [
            *SDGGoal.objects.all(),
            *SDGTarget.objects.all(),
            *ThematicArea.objects.all(),
            *GCMObjective.objects.all(),
            *Summit.objects.all(),
        ]


class StaticSitemap(LanguagesSitemap):
    changefreq = "daily"

    def items(self):
        return [
            "core:home",
            "core:about",
            "practices:list",
            "insights:insights",
            "taxonomy:goals",
            "taxonomy:themes",
            "taxonomy:gcms",
            "taxonomy:summits",
            "calls:list",
            "meetings:list",
        ]

    def location(self, name):
        return reverse(name)


class CallSitemap(PublishedSitemap):
    model = CallForAction


class MeetingSitemap(PublishedSitemap):
    model = Meeting


SITEMAPS = {
    "pages": StaticSitemap,
    "practices": PracticeSitemap,
    "browse": TaxonomySitemap,
    "calls": CallSitemap,
    "meetings": MeetingSitemap,
}
