from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from pfp.core.page_cache import cache_public_page

from . import insights as insights_selectors
from . import search, selectors
from .models import Practice
from .search import exports


@require_GET
@cache_public_page
def practice_list(request):
    if any(value.strip() for value in request.GET.getlist("format")):
        # Machine-readable: a bad parameter is refused before anything is searched or
        # written, where the page would pass over it with a notice.
        index = search.current_index()
        query = search.parse(request.GET, index)
        if query.problems:
            return exports.problems_response(query.format, query.problems)
        result = search.run(query, index)
        base_url = request.build_absolute_uri("/").rstrip("/")
        return exports.export_response(
            query.format,
            ordered_ids=result.ordered_ids,
            base_url=base_url,
            query_params=query.params(),
            corrected_query=result.corrected_query,
        )
    return render(request, "practices/list.html", search.practice_list_page(request.GET))


@require_GET
def practice_detail(request, slug, extra_context=None):
    """A published practice. `extra_context(practice)` adds what other apps show on the page
    (open calls, meetings): the portal passes it in its URL pattern, so this app imports
    neither."""
    practice = get_object_or_404(
        Practice.objects.published().select_related("government"), slug=slug
    )
    context = selectors.practice_page(
        practice=practice, url=request.build_absolute_uri(practice.get_absolute_url())
    )
    if extra_context is not None:
        context.update(extra_context(practice))
    return render(request, "practices/detail.html", context)


@require_GET
@cache_public_page
def insights(request):
    """A world map and charts of the practices that `/practices/` lists for the same query."""
    return render(request, "practices/insights.html", insights_selectors.insights_page(request.GET))
