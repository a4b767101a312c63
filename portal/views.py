"""Pages that combine several apps: the home page and the /my/ home."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language_info
from django.views.decorators.http import require_GET

from pfp.core.languages import Language
from pfp.core.page_cache import cache_public_page

from . import selectors


@require_GET
@cache_public_page
def home(request):
    return render(request, "portal/home.html", selectors.home_page())


@login_required
@require_GET
def workspace_home(request):
    context = selectors.workspace_home(user=request.user)
    # Each language in its own name, as the header's switcher shows them.
    context["email_languages"] = [
        (code, get_language_info(code)["name_local"].capitalize()) for code in Language.values
    ]
    if context["is_moderator"]:
        context["review_queue_url"] = (
            reverse("admin:practices_practice_changelist") + "?review_state__exact=submitted"
        )
    return render(request, "portal/workspace_home.html", context)
