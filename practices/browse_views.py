"""Landing pages for browsing practices by goal, target, theme, GCM objective and summit.

Their URL names stay in the `taxonomy` namespace (practices/browse_urls.py): the pages are
about the reference data, the counts on them are of practices."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from pfp.core.page_cache import cache_public_page

from . import browse as selectors


@require_GET
@cache_public_page
def goal_list(request):
    return render(request, "taxonomy/goal_list.html", selectors.goal_list())


@require_GET
@cache_public_page
def goal_detail(request, number):
    return render(request, "taxonomy/goal_detail.html", selectors.goal_page(number=number))


@require_GET
@cache_public_page
def target_detail(request, code):
    return render(request, "taxonomy/target_detail.html", selectors.target_page(code=code))


@require_GET
@cache_public_page
def theme_list(request):
    return render(request, "taxonomy/theme_list.html", selectors.theme_list())


@require_GET
@cache_public_page
def theme_detail(request, slug):
    return render(request, "taxonomy/theme_detail.html", selectors.theme_page(slug=slug))


@require_GET
@cache_public_page
def gcm_list(request):
    return render(request, "taxonomy/gcm_list.html", selectors.gcm_list())


@require_GET
@cache_public_page
def gcm_detail(request, number):
    return render(request, "taxonomy/gcm_detail.html", selectors.gcm_page(number=number))


@require_GET
@cache_public_page
def summit_list(request):
    return render(request, "taxonomy/summit_list.html", selectors.summit_list())


@require_GET
@cache_public_page
def summit_detail(request, year):
    return render(request, "taxonomy/summit_detail.html", selectors.summit_page(year=year))
