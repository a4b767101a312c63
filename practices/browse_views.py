"""Landing pages for browsing practices by goal, target, theme, GCM objective and summit.

Their URL names stay in the `taxonomy` namespace (practices/browse_urls.py): the pages are
about the reference data, the counts on them are of practices. Each page is the same view:
GET only, cached for visitors, its context from one selector of practices/browse.py."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from pfp.core.page_cache import cache_public_page

from . import browse as selectors


def browse_page(name, selector):
    """The view of `taxonomy/<name>.html`, whose context is `selector(**url_arguments)`."""

    def view(request, **url_arguments):
        return render(request, f"taxonomy/{name}.html", selector(**url_arguments))

    view.__name__ = view.__qualname__ = name
    return require_GET(cache_public_page(view))


goal_list = browse_page("goal_list", selectors.goal_list)
goal_detail = browse_page("goal_detail", selectors.goal_page)
target_detail = browse_page("target_detail", selectors.target_page)
theme_list = browse_page("theme_list", selectors.theme_list)
theme_detail = browse_page("theme_detail", selectors.theme_page)
gcm_list = browse_page("gcm_list", selectors.gcm_list)
gcm_detail = browse_page("gcm_detail", selectors.gcm_page)
summit_list = browse_page("summit_list", selectors.summit_list)
summit_detail = browse_page("summit_detail", selectors.summit_page)
