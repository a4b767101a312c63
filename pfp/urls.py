from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from pfp.core import media
from pfp.core import views as core_views
from practices.feeds import PracticeFeed
from practices.sitemaps import SITEMAPS

urlpatterns = [
    path("", include("pfp.core.urls")),
    path("", include("pfp.taxonomy.urls")),
    path("practices/", include("practices.urls")),
    path("calls/", include("calls_for_action.urls")),
    path("meetings/", include("meetings.urls")),
    path("accounts/", include("pfp.accounts.urls")),
    path("my/calls/", include("calls_for_action.workspace_urls")),
    path("my/", include("practices.workspace_urls")),
    path("feeds/practices/", PracticeFeed(), name="practice-feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # Choosing a language only sets a cookie; without a CSRF token in the form, public pages
    # stay identical for every visitor and can be cached.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    # Uploaded files, in production as in development: each is checked against the item it
    # belongs to (pfp/core/media.py).
    path("media/<path:path>", media.serve, name="media"),
]

handler404 = core_views.page_not_found
handler500 = core_views.server_error
