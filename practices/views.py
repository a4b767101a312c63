from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from . import selectors
from .models import Practice


@require_GET
def practice_list(request):
    return render(request, "practices/list.html", {})


@require_GET
def practice_detail(request, slug):
    practice = get_object_or_404(
        Practice.objects.published().select_related("government"), slug=slug
    )
    return render(request, "practices/detail.html", selectors.practice_page(practice=practice))
