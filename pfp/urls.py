from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from pfp.core import media
from pfp.core import views as core_views
from portal import urls as portal
from portal.api.views import api, not_found
from practices.feeds import PracticeFeed

# Every page exists in each language: English at the root, French under /fr/ and Spanish under
# /es/. The address decides the language (LocaleMiddleware), so a shared link shows the page
# its sender saw, and a cached page is the same for every visitor of that address.
urlpatterns = i18n_patterns(
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
    path("admin/", admin.site.urls),
    prefix_default_language=False,
) + [
    # The open read API, its OpenAPI schema (openapi.json) and its documentation (docs): one
    # address for every language, which its rate limit and CORS headers (portal/api/http.py)
    # take as theirs.
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", not_found),
    # One sitemap for all three languages, each address with its alternates.
    *portal.sitemaps,
    # Choosing a language sends the visitor to the same page in that language (Django's
    # set_language translates `next`); without a CSRF token in the form, public pages stay
    # identical for every visitor and can be cached.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    # Uploaded files, in production as in development: each is checked against the item it
    # belongs to (pfp/core/media.py).
    path("media/<path:path>", media.serve, name="media"),
]

handler404 = core_views.page_not_found
handler500 = core_views.server_error
