"""Middleware that every response goes through: ids, limits, headers and outages.

The order in ``settings.MIDDLEWARE`` matters and is explained there.
"""

import logging

import sentry_sdk
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404, HttpResponse, HttpResponseBadRequest, QueryDict
from django.template import loader
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _

from .languages import path_without_language
from .logs import current_request_id, request_id_from

logger = logging.getLogger("pfp.request")

# The database is unreachable, restarting, or refused the connection: nothing a page can do
# about it but say so and ask to come back. (Deadlocks and serialization failures are
# OperationalErrors too, and just as worth a retry.)
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)

FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RequestIdMiddleware:
    """Gives each request an id, for the logs and the ``X-Request-ID`` response header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = request_id_from(request.headers.get("X-Request-ID"))
        # Cleared by pfp.core.logs.forget_request_id when the response has been sent.
        current_request_id.set(request.id)
        sentry_sdk.set_tag("request_id", request.id)
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        return response


class HeadAsGetMiddleware:
    """Answers ``HEAD`` wherever ``GET`` is answered, with the same headers and no body.

    Views say ``require_GET``; monitors, link checkers and caches ask with ``HEAD``, and
    HTTP requires a server to answer it wherever it answers ``GET``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        response = self.get_response(request)
        request.method = "HEAD"
        if response.streaming:
            if hasattr(response, "close"):
                response.close()
            response.streaming_content = []
        else:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response


def plain_page(template_name, status, context=None):
    """A page rendered without context processors, and so without any database access: the
    413, 500 and 503 pages, which extend the plain `_plain.html`."""
    return HttpResponse(loader.get_template(template_name).render(context or {}), status=status)


class RequestBodyLimitMiddleware:
    """Refuses a request body larger than allowed before a byte of it is read.

    Django's own limits (``DATA_UPLOAD_MAX_MEMORY_SIZE``) only count the form fields held in
    memory: the files of a multipart body are streamed to disk whatever their size. So the
    declared ``Content-Length`` is checked first: multipart bodies on the paths that take
    uploads may be as large as ``PFP_MAX_UPLOAD_REQUEST_BYTES``, every other body
    ``PFP_MAX_REQUEST_BYTES``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(declared)
        except ValueError:
            length = -1
        if length < 0:
            return HttpResponseBadRequest(
                _("The request declares an invalid length."), content_type="text/plain"
            )
        limit = self.limit_for(request)
        if length > limit:
            logger.warning(
                "Refused a request body of %s bytes (limit %s) for %s", length, limit, request.path
            )
            response = plain_page("413.html", 413, {"limit_mb": f"{limit / (1024 * 1024):.0f}"})
            # The unread body would otherwise be taken for the next request on the connection.
            response["Connection"] = "close"
            return response
        return self.get_response(request)

    @staticmethod
    def limit_for(request):
        if request.content_type == "multipart/form-data":
            path = path_without_language(request.path_info)
            if path.startswith(tuple(settings.PFP_UPLOAD_PATHS)):
                return settings.PFP_MAX_UPLOAD_REQUEST_BYTES
        return settings.PFP_MAX_REQUEST_BYTES


def _without_nul(data):
    """The QueryDict with every NUL character taken out of its keys and values."""
    cleaned = QueryDict(mutable=True)
    for key, values in data.lists():
        cleaned.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
    cleaned._mutable = False
    return cleaned


def _has_nul(data):
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists())


class NulCharacterMiddleware:
    """No text with a NUL character reaches a view.

    PostgreSQL refuses NUL in text, so a ``%00`` in a path, a query string or a form field
    used to end in a server error wherever it reached a query. No page has a NUL in its
    address (404), and in query strings and form fields it is dropped: it is never part of
    what a person typed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404("NUL character in the path")
        if _has_nul(request.GET):
            request.GET = _without_nul(request.GET)
        # The body's size was checked by RequestBodyLimitMiddleware, which runs first.
        is_form = request.method == "POST" and request.content_type in FORM_CONTENT_TYPES
        if is_form and _has_nul(request.POST):
            request.POST = _without_nul(request.POST)
        return self.get_response(request)


class PrivatePageMiddleware:
    """Keeps private pages out of shared and browser caches (``Cache-Control: no-store``).

    Every response to a signed-in user is private unless its view declared it public, and
    so is everything under ``PFP_PRIVATE_PATHS`` (``/my/``, ``/accounts/``), for anybody.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        cache_control = response.get("Cache-Control", "")
        # A view that said public meant it; one that already said no-store needs nothing more.
        if "public" in cache_control or "no-store" in cache_control:
            return response
        if self.is_private(request):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True, no_store=True)
        return response

    @staticmethod
    def is_private(request):
        path = path_without_language(request.path_info)
        if path.startswith(tuple(settings.PFP_PRIVATE_PATHS)):
            return True
        user = getattr(request, "user", None)
        if user is None:
            return False
        try:
            return user.is_authenticated
        except DatabaseError:
            # The session could not be read: it may belong to someone, so keep it private.
            return True


def service_unavailable(request, error):
    """The plain 503 page: no base template, no context processors, no database."""
    # Logged here, once and without a traceback (the cause is in the message); marked as
    # logged, so that Django does not log it again as an error to mail to every admin for
    # every request of an outage.
    logger.error("The database is unavailable (%s: %s)", type(error).__name__, error)
    response = plain_page("503.html", 503)
    response["Retry-After"] = str(settings.PFP_RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    response._has_been_logged = True
    return response


class DatabaseOutageMiddleware:
    """While the database is unreachable, pages answer a plain 503 instead of a 500.

    Pages in the page cache are still served from it (see ``page_cache``). An error raised
    outside a view (in another middleware, say loading the session) reaches
    ``pfp.core.views.server_error``, which answers the same page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            return service_unavailable(request, exception)
        return None


class PermissionsPolicyMiddleware:
    """Turns off browser features the portal never uses, for every page.

    Django's SecurityMiddleware sets the other usual headers (nosniff, Referrer-Policy,
    Cross-Origin-Opener-Policy), XFrameOptionsMiddleware X-Frame-Options and django-csp the
    Content Security Policy; Django has no setting for this one.
    """

    # Only features every current browser knows: Chromium logs an unknown one as an error.
    POLICY = "camera=(), geolocation=(), microphone=(), payment=(), usb=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.POLICY)
        return response
