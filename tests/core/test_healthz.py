"""/healthz says the process is alive; /readyz says whether it can serve pages."""

from unittest import mock

import pytest
from django.db import connections
from django.db.utils import OperationalError

from pfp.core import health

pytestmark = pytest.mark.django_db

DOWN = OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


@pytest.fixture(autouse=True)
def fresh_migration_check():
    health.reset()
    yield
    health.reset()


def test_liveness_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}


def test_liveness_does_not_touch_the_database(client):
    """A database outage must not get healthy web processes restarted in a loop."""
    with mock.patch.object(connections["default"], "cursor", side_effect=DOWN):
        response = client.get("/healthz")
    assert response.status_code == 200


def test_readiness_answers_ok_when_everything_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok", "migrations": "ok"},
    }


def test_readiness_is_503_when_the_database_is_unreachable(client):
    with mock.patch.object(connections["default"], "cursor", side_effect=DOWN):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "unavailable"
    assert "refused" not in response.content.decode()  # details go to the log only


def test_readiness_is_503_when_the_cache_fails(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "pfp.core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "unavailable"
    assert response.json()["checks"]["database"] == "ok"


def test_readiness_is_503_when_media_cannot_be_written(client):
    # Permissions are mocked: the suite may run as root, whom no folder refuses.
    with mock.patch("pfp.core.health.os.access", return_value=False):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "unavailable"


def test_readiness_is_503_with_unapplied_migrations(client):
    plan = [("a migration", False)] * 2
    with mock.patch(
        "django.db.migrations.executor.MigrationExecutor.migration_plan", return_value=plan
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "2 unapplied"


def test_both_are_never_cached(client):
    for path in ("/healthz", "/readyz"):
        cache_control = client.get(path)["Cache-Control"]
        assert "no-cache" in cache_control and "max-age=0" in cache_control


def test_they_answer_plain_http_when_https_is_enforced(client, settings):
    """A load balancer probing over HTTP gets the answer, not a redirect to HTTPS."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/robots.txt").status_code == 301


def test_they_reject_post(client):
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405
