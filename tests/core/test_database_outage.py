"""While the database is unreachable, pages answer a plain 503 with Retry-After, not a 500.

Here the outage is simulated in the process; test_database_outage_live.py takes a real
PostgreSQL away.
"""

import logging
from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connections
from django.db.utils import InterfaceError, OperationalError

pytestmark = pytest.mark.django_db

REFUSED = OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


@pytest.fixture
def page_cache(settings):
    settings.PFP_PAGE_CACHE_SECONDS = 60
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def database_down(error=REFUSED):
    return mock.patch.object(connections["default"], "cursor", side_effect=error)


def assert_unavailable(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "briefly unavailable" in body
    assert "Traceback" not in body and "Connection refused" not in body


@pytest.mark.parametrize("error", [REFUSED, InterfaceError("connection already closed")])
def test_a_page_answers_503_while_the_database_is_down(client, reference_data, error):
    with database_down(error):
        response = client.get("/sdgs/")
    assert_unavailable(response)
    assert response["X-Request-ID"]


def test_the_page_is_in_the_language_of_its_address(client, reference_data):
    with database_down():
        response = client.get("/fr/sdgs/")
    assert response.status_code == 503
    assert '<html lang="fr">' in response.content.decode()


class UserReadingMiddleware:
    """Reads the signed-in user before the view, as the staff second-factor check does."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user.is_authenticated  # noqa: B018 - loads the session
        return self.get_response(request)


def test_an_outage_outside_a_view_answers_503_too(client, reference_data, settings):
    """A middleware that needs the database fails before any view runs."""
    position = settings.MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[: position + 1],
        "tests.core.test_database_outage.UserReadingMiddleware",
        *settings.MIDDLEWARE[position + 1 :],
    ]
    session = SessionStore()
    session["seen"] = True
    session.save()
    client.cookies["sessionid"] = session.session_key
    client.raise_request_exception = False
    with mock.patch.object(SessionStore, "load", side_effect=REFUSED):
        response = client.get("/about/")
    assert_unavailable(response)


def test_a_cached_public_page_is_still_served(client, report_practices, page_cache):
    assert client.get("/practices/").status_code == 200
    with database_down():
        response = client.get("/practices/")
        uncached = client.get("/practices/?theme=diaspora")
    assert response.status_code == 200
    assert response["X-PfP-Cache"] == "hit"
    assert_unavailable(uncached)


def test_other_errors_are_still_500(client, reference_data):
    client.raise_request_exception = False
    with mock.patch("practices.browse_views.render", side_effect=RuntimeError("a bug")):
        response = client.get("/sdgs/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_an_outage_is_logged_once_per_request_and_mailed_to_nobody(
    client, reference_data, settings, caplog, mailoutbox
):
    """One line per request; Django's own error log (mailed to ADMINS) stays quiet."""
    settings.ADMINS = [("Ops", "ops@example.org")]
    settings.DEBUG = False
    django_request = logging.getLogger("django.request")
    django_request.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.INFO), database_down():
            response = client.get("/sdgs/")
    finally:
        django_request.removeHandler(caplog.handler)
    assert response.status_code == 503
    lines = [(r.name, r.levelname) for r in caplog.records]
    assert lines == [("pfp.request", "ERROR")]
    assert "Connection refused" in caplog.records[0].getMessage()
    assert mailoutbox == []
