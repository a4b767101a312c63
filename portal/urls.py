"""The URL namespaces whose pages the portal composes, for the project's urls.py.

Each is the app's own namespace with the portal's pages in it: the home page in `core`, the /my/
home in `workspace`, and the practice and call pages (the app's own view, given what other apps
add to the page) in `practices` and `calls`. Paths and names are the app's; a portal page of the
same name takes the place of the app's.
"""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from calls_for_action import urls as call_urls
from calls_for_action import views as call_views
from pfp.core import urls as core_urls
from practices import urls as practice_urls
from practices import views as practice_views
from practices import workspace_urls as practice_workspace_urls

from . import selectors, views
from .sitemaps import SITEMAPS


def composed(app_urls, *pages):
    """(patterns, namespace) for `include()`: the app's URL patterns, the portal's `pages`
    in place of the app's patterns of the same name."""
    names = {page.name for page in pages}
    kept = [pattern for pattern in app_urls.urlpatterns if pattern.name not in names]
    return [*pages, *kept], app_urls.app_name


core = composed(core_urls, path("", views.home, name="home"))
workspace = composed(practice_workspace_urls, path("", views.workspace_home, name="home"))
practices = composed(
    practice_urls,
    path(
        "<slug:slug>/",
        practice_views.practice_detail,
        {"extra_context": selectors.practice_page_additions},
        name="detail",
    ),
)
calls = composed(
    call_urls,
    path(
        "<slug:slug>/",
        call_views.call_detail,
        {"extra_context": selectors.call_page_additions},
        name="detail",
    ),
)
sitemaps = [
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
