"""Anonymous list and landing pages, cached in the configured cache.

The cache key holds the public-change generation (`generation`), which moves with every
committed change to what visitors see (a publication, an unpublication, an edit of published
content, reference data): every cached page is then stale at once, in every process, without
having to find and delete keys. A draft saved moves nothing.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from . import generation
from .middleware import DATABASE_UNAVAILABLE

# The generation this process read last, for serving cached pages while the database is away.
_last_seen = {"generation": None}


def cache_public_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.PFP_PAGE_CACHE_SECONDS
        if not seconds or request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        try:
            current = generation.current()
            _last_seen["generation"] = current
        except DATABASE_UNAVAILABLE:
            # While the database is away the pages cached for the last generation this
            # process saw are still right, or as right as anything it could say now.
            current = _last_seen["generation"]
            if current is None:
                raise
        raw = "|".join([request.get_full_path(), get_language() or "", str(current)])
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
