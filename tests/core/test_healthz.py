"""/healthz tells a load balancer whether this instance can reach its database."""

from unittest import mock

import pytest
from django.db import connections
from django.db.utils import OperationalError

pytestmark = pytest.mark.django_db


def test_it_answers_ok_when_the_database_answers(client):
    """The health check is 200 with a JSON body when the database answers a query."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}


def test_it_answers_503_when_the_database_is_unreachable(client):
    """The health check is 503 with a JSON body when the database cannot be reached."""
    down = OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    with mock.patch.object(connections["default"], "cursor", side_effect=down):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}


def test_it_is_never_cached(client):
    """No cache or proxy may keep an old answer."""
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_it_answers_plain_http_when_https_is_enforced(client, settings):
    """A load balancer probing over HTTP gets the answer, not a redirect to HTTPS."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/robots.txt").status_code == 301


def test_it_rejects_post(client):
    """The health check only reads."""
    assert client.post("/healthz").status_code == 405
