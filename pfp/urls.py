from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from pfp.core import media
from pfp.core import views as core_views
from portal import urls as portal
from practices.feeds import PracticeFeed

urlpatterns = [
    # The namespaces with pages composed by the portal (see portal/urls.py).
    path("", include(portal.core)),
    path("", include("practices.browse_urls")),
    path("practices/", include(portal.practices)),
    path("insights/", include("practices.insights_urls")),
    path("calls/", include(portal.calls)),
    path("meetings/", include("meetings.urls")),
    path("accounts/", include("pfp.accounts.urls")),
    path("my/calls/", include("calls_for_action.workspace_urls")),
    path("my/", include(portal.workspace)),
    path("feeds/practices/", PracticeFeed(), name="practice-feed"),
    *portal.sitemaps,
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
