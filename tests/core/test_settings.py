"""The settings module refuses an unsafe production configuration.

Each case loads the settings in a fresh interpreter, with an environment built from scratch so
that nothing from the caller (a DATABASE_URL, a SECRET_KEY, a .env file) leaks in.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_KEY = secrets.token_urlsafe(64)


def run(*args, **environment):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "pfp.settings",
        "PYTHONDONTWRITEBYTECODE": "1",
        **environment,
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def setup_django(**environment):
    return run("-c", "import django; django.setup()", **environment)


def test_it_refuses_production_without_a_secret_key():
    """With DEBUG off and no SECRET_KEY, the portal does not start."""
    result = setup_django(DEBUG="False", ALLOWED_HOSTS="pfp.example.org")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr


def test_it_refuses_production_with_the_development_key():
    """The development key, public in the source, is never accepted with DEBUG off."""
    result = setup_django(
        DEBUG="False",
        SECRET_KEY=settings.DEVELOPMENT_SECRET_KEY,
        ALLOWED_HOSTS="pfp.example.org",
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_refuses_production_with_a_short_key():
    """A secret key under 50 characters is refused with DEBUG off."""
    result = setup_django(
        DEBUG="False", SECRET_KEY=PRODUCTION_KEY[:49], ALLOWED_HOSTS="pfp.example.org"
    )
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


@pytest.mark.parametrize("allowed_hosts", [None, "", " , "], ids=["unset", "empty", "blank"])
def test_it_refuses_production_without_allowed_hosts(allowed_hosts):
    """With DEBUG off, ALLOWED_HOSTS must name at least one host."""
    environment = {"DEBUG": "False", "SECRET_KEY": PRODUCTION_KEY}
    if allowed_hosts is not None:
        environment["ALLOWED_HOSTS"] = allowed_hosts
    result = setup_django(**environment)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must name the site's hosts" in result.stderr


def test_it_passes_the_deployment_checks_when_configured():
    """A production configuration passes `check --deploy` without a single warning."""
    result = run(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="False",
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="pfp.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_it_runs_on_sqlite_with_debug_on_when_nothing_is_set():
    """With an empty environment the portal is a first look: DEBUG on, SQLite, local hosts."""
    result = run(
        "-c",
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps({'debug': settings.DEBUG, "
        "'engine': settings.DATABASES['default']['ENGINE'], "
        "'hosts': settings.ALLOWED_HOSTS, "
        "'ssl_redirect': settings.SECURE_SSL_REDIRECT}))",
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["debug"] is True
    assert loaded["engine"] == "django.db.backends.sqlite3"
    assert "localhost" in loaded["hosts"]
    assert loaded["ssl_redirect"] is False
