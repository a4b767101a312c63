from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from pfp.taxonomy.models import GCMObjective, SDGGoal, SDGTarget, Summit, ThematicArea

from .models import Practice


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
        from calls_for_action.models import CallForAction

        return CallForAction.objects.published().only("slug", "updated_at").order_by("id")

    def lastmod(self, call):
        return call.updated_at


class MeetingSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        from meetings.models import Meeting

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
