"""Logs a machine can read, a request id to follow a request by, and error reporting."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pfp.core.logs import RequestIdFilter, current_request_id, request_id_from

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_KEY = "k" * 64


def django_python(code, **environment):
    """Runs code after django.setup() in a fresh interpreter with only this environment."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "pfp.settings",
        "PYTHONDONTWRITEBYTECODE": "1",
        **environment,
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_every_response_carries_a_new_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_a_valid_incoming_request_id_is_kept(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="4bf92f35-77b3-4da6-a3ce-929d0e0e4736")
    assert response["X-Request-ID"] == "4bf92f35-77b3-4da6-a3ce-929d0e0e4736"


@pytest.mark.parametrize(
    "incoming", ["", "a b", "x" * 201, "<script>", "id\r\nSet-Cookie: a=b", "-starts-with-dash"]
)
def test_an_invalid_incoming_request_id_is_replaced(client, incoming):
    assert request_id_from(incoming) != incoming
    assert len(request_id_from(incoming)) == 32


@pytest.fixture
def django_request_log(caplog):
    """What Django logs about requests (its "django" logger does not propagate)."""
    logger = logging.getLogger("django.request")
    caplog.handler.addFilter(RequestIdFilter())
    logger.addHandler(caplog.handler)
    yield caplog
    logger.removeHandler(caplog.handler)


def test_log_lines_written_during_a_request_carry_its_id(client, django_request_log):
    """Even the line Django writes after the middleware is done, for a 404 or a 500."""
    with django_request_log.at_level(logging.WARNING):
        response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="trace-123")
    assert response.status_code == 404
    caplog = django_request_log
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records and all(r.request_id == "trace-123" for r in records)
    assert current_request_id.get() == "-"


def test_logs_are_json_lines_by_default_in_production():
    result = django_python(
        "import logging; logging.getLogger('pfp.test').warning('disk %s full', 'nearly')",
        DEBUG="false",
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="pfp.example.org",
    )
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["level"] == "WARNING"
    assert line["logger"] == "pfp.test"
    assert line["message"] == "disk nearly full"
    assert line["request_id"] == "-"
    assert line["time"].startswith("20") and "T" in line["time"]


def test_logs_are_text_when_asked():
    result = django_python(
        "import logging; logging.getLogger('pfp.test').warning('hello')", LOG_FORMAT="text"
    )
    assert result.returncode == 0, result.stderr
    line = result.stderr.strip().splitlines()[-1]
    assert line.endswith("WARNING pfp.test [-] hello")


def test_an_unknown_log_format_is_refused():
    result = django_python("", LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "LOG_FORMAT must be json or text" in result.stderr


def test_admins_are_read_from_the_environment():
    result = django_python(
        "from django.conf import settings; import json; print(json.dumps(settings.ADMINS))",
        ADMINS="Ana Ruiz <ana@example.org>, ops@example.org",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        ["Ana Ruiz", "ana@example.org"],
        ["ops@example.org", "ops@example.org"],
    ]


def test_an_invalid_admin_address_is_refused():
    result = django_python("", ADMINS="Ana Ruiz <ana.example.org>")
    assert result.returncode != 0
    assert "ADMINS holds an invalid address" in result.stderr


def test_sentry_is_initialised_only_with_a_dsn():
    code = "import sentry_sdk; print(sentry_sdk.get_client().is_active())"
    without = django_python(code)
    with_dsn = django_python(code, SENTRY_DSN="https://public@sentry.example.org/1")
    assert without.stdout.strip() == "False"
    assert with_dsn.returncode == 0, with_dsn.stderr
    assert with_dsn.stdout.strip() == "True"
