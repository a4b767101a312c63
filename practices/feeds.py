"""Atom feed of newly published practices, for the whole platform or any search."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from . import search
from .models import Practice

FEED_SIZE = 50


class PracticeFeed(Feed):
    feed_type = Atom1Feed
    subtitle = _("Practices newly published on the GFMD Platform for Partnerships.")

    def link(self):
        # In the feed's own language: /fr/feeds/practices/ links to /fr/practices/.
        return reverse("practices:list")

    def get_object(self, request):
        index = search.current_index()
        query = search.parse(request.GET, index)
        query.sort = "newest"
        return search.run(query, index)

    def title(self, result):
        if result.query.has_filters or result.query.q:
            return _("PfP practices: %(count)s matching your search") % {"count": result.total}
        return _("GFMD Platform for Partnerships: new practices")

    def items(self, result):
        ids = [int(i) for i in result.ordered_ids[:FEED_SIZE]]
        practices = {
            p.id: p for p in Practice.objects.filter(id__in=ids).select_related("government")
        }
        return [practices[i] for i in ids if i in practices]

    def item_title(self, practice):
        return practice.title

    def item_description(self, practice):
        return practice.summary

    def item_pubdate(self, practice):
        return practice.published_at

    def item_updateddate(self, practice):
        return practice.updated_at

    def item_author_name(self, practice):
        return practice.government.name if practice.government else None
