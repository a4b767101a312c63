"""What every answer under `/api/` shares: a rate limit per client, and conditional GET.

`ApiMiddleware` runs before the view:

- **Rate limit:** each client address (through the proxies, `pfp.accounts.signin.client_ip`)
  takes `PFP_RATE_API` requests (e.g. `300/m`, django-ratelimit's syntax) per period; past
  it the answer is 429 with `Retry-After`. Counts live in the cache; if it fails, requests go
  through, as for the portal's other limits.
- **ETag and Last-Modified:** what the API answers changes only when the public generation
  moves (a publication, an edit of published content, reference data: `pfp.core.generation`)
  or when the day changes (a call past its deadline reads as closed). So the ETag is a hash
  of the generation, the day, the language and the full URL, and Last-Modified is when the
  generation last moved (no earlier than the start of the day). A request whose
  `If-None-Match` or `If-Modified-Since` still holds gets 304 without the view running: no
  search, one small query.
"""

import hashlib
import json
from datetime import UTC

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

from pfp.core import generation

PREFIX = "/api/"
DOCS_SUFFIX = "/docs"
# Public answers may be kept by browsers and shared caches, which then ask again with the
# validators below.
CACHE_CONTROL = "public, max-age=60"


def _limited(request):
    """(limited, seconds until the period ends) for this client; counts the request."""
    try:
        usage = get_usage(
            request, group="pfp.api", key="ip", rate=settings.PFP_RATE_API, increment=True
        )
    except Exception:  # the cache is down: let the request through
        return False, 0
    if not usage:
        return False, 0
    return usage["should_limit"], max(int(usage["time_left"]), 1)


def _too_many(seconds):
    body = {"detail": _("Too many requests. Try again in %(n)s seconds.") % {"n": seconds}}
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=429,
        content_type="application/json; charset=utf-8",
    )
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response


def _validators(request):
    """(ETag, Last-Modified as a datetime) of what the API would answer to this request."""
    value, changed_at = generation.current_with_time()
    today = timezone.now().astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    last_modified = max(changed_at, today) if changed_at else today
    raw = "|".join(
        [str(value), today.date().isoformat(), get_language() or "", request.get_full_path()]
    )
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"', last_modified


def _not_modified(request, etag, last_modified):
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match:
        # A weak comparison (RFC 9110 13.1.2): a proxy may have made the tag weak.
        tags = {tag.removeprefix("W/") for tag in parse_etags(if_none_match)}
        return "*" in tags or etag in tags
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and int(last_modified.timestamp()) <= since


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX) or request.method == "OPTIONS":
            return self.get_response(request)
        limited, seconds = _limited(request)
        if limited:
            return _too_many(seconds)
        if request.method not in ("GET", "HEAD") or request.path.endswith(DOCS_SUFFIX):
            # The documentation page is a page of the site (it shows who is signed in), not
            # data: it is not kept in shared caches.
            return self.get_response(request)
        etag, last_modified = _validators(request)
        if _not_modified(request, etag, last_modified):
            response = HttpResponseNotModified()
        else:
            response = self.get_response(request)
            if response.status_code != 200:
                return response
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified.timestamp())
        response["Cache-Control"] = CACHE_CONTROL
        patch_vary_headers(response, ["Accept-Language"])
        return response
