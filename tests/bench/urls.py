"""The benchmark's URLconf: the portal's, plus a baseline page.

The baseline renders a static template through the same middleware and context processors as
every page, without touching the database: it is the floor under every other figure.
"""

from functools import cache

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from pfp.urls import urlpatterns as portal_urlpatterns

BASELINE_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Baseline</title></head>
<body><main><h1>Baseline</h1><p>A static page, for comparison.</p></main></body></html>
"""


@cache
def _template():
    # Compiled once, as the cached template loader does for the portal's own templates.
    return engines["django"].from_string(BASELINE_TEMPLATE)


def baseline(request):
    return HttpResponse(_template().render({}, request))


# The portal's patterns themselves, not include()d: Django refuses language-prefixed patterns
# in an included URLconf.
urlpatterns = [
    path("bench/baseline/", baseline, name="bench-baseline"),
    *portal_urlpatterns,
]

handler404 = "pfp.core.views.page_not_found"
handler500 = "pfp.core.views.server_error"
