"""Anonymous list and landing pages, cached in the configured cache.

The cache key holds the facet index's generation, which moves with every change to the
published practices or the reference data: a publication or unpublication makes every cached
page stale at once, in every process, without having to find and delete keys.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from practices.search_index import holder


def cache_public_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.PFP_PAGE_CACHE_SECONDS
        if not seconds or request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        holder.current()  # brings the index, and so its generation, up to date
        raw = "|".join([request.get_full_path(), get_language() or "", str(holder.generation)])
        key = "pfp:page:" + hashlib.sha256(raw.encode()).hexdigest()
        cached = cache.get(key)
        if cached is not None:
            cached["X-PfP-Cache"] = "hit"
            return cached
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            patch_vary_headers(response, ["Accept-Language", "Cookie"])
            cache.set(key, response, seconds)
        response["X-PfP-Cache"] = "miss"
        return response

    return wrapper
