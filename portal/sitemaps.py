"""The site's sitemaps, one section per kind of page, listed by a sitemap index at /sitemap.xml.

Each section is paginated on its own (`limit` entries a page) and the index lists every page,
so the 10,001st practice is on /sitemap-practices.xml?p=2 rather than nowhere.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from calls_for_action.models import CallForAction
from meetings.models import Meeting
from pfp.taxonomy.models import GCMObjective, SDGGoal, SDGTarget, Summit, ThematicArea
from practices.models import Practice


class PracticeSitemap(Sitemap):
    changefreq = "monthly"
    limit = 10_000

    def items(self):
        return Practice.objects.published().only("slug", "updated_at").order_by("id")

    def lastmod(self, practice):
        return practice.updated_at


class TaxonomySitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return [
            *SDGGoal.objects.all(),
            *SDGTarget.objects.all(),
            *ThematicArea.objects.all(),
            *GCMObjective.objects.all(),
            *Summit.objects.all(),
        ]


class StaticSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return [
            "core:home",
            "core:about",
            "practices:list",
            "taxonomy:goals",
            "taxonomy:themes",
            "taxonomy:gcms",
            "taxonomy:summits",
            "calls:list",
            "meetings:list",
        ]

    def location(self, name):
        return reverse(name)


class CallSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return CallForAction.objects.published().only("slug", "updated_at").order_by("id")

    def lastmod(self, call):
        return call.updated_at


class MeetingSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Meeting.objects.published().only("slug", "updated_at").order_by("id")

    def lastmod(self, meeting):
        return meeting.updated_at


SITEMAPS = {
    "pages": StaticSitemap,
    "practices": PracticeSitemap,
    "browse": TaxonomySitemap,
    "calls": CallSitemap,
    "meetings": MeetingSitemap,
}
