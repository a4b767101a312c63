import sys

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .middleware import DATABASE_UNAVAILABLE, plain_page, service_unavailable


@require_GET
def about(request):
    return render(request, "core/about.html")


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri("/sitemap.xml")
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /my/",
        "Disallow: /accounts/",
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors or database access here: the error may be the database itself.
    # Django calls this inside its exception handler, so the error is at hand: a database
    # that went away outside a view (loading the session, say) gets the 503 page too.
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE):
        return service_unavailable(request, error)
    return plain_page("500.html", 500)
