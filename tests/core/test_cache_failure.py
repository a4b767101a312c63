"""A cache that is down or does not answer never breaks a page: it is a miss."""

import logging
import socket
import threading
import time

import pytest
from django.core.cache import cache

from pfp.core.cache import CACHE_DOWN

pytestmark = pytest.mark.django_db

PAGES = ["/", "/practices/", "/sdgs/"]


def closed_port():
    """A port on 127.0.0.1 where nothing listens (connections are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_server():
    """A server that accepts connections and never says a word: a Redis that hangs."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


def redis_cache(settings, port, backend="pfp.core.cache.ResilientRedisCache"):
    settings.PFP_PAGE_CACHE_SECONDS = 60
    settings.CACHES = {
        "default": {
            "BACKEND": backend,
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_when_the_cache_refuses_connections(client, settings, report_practices, path):
    redis_cache(settings, closed_port())
    response = client.get(path)
    assert response.status_code == 200
    assert response["X-PfP-Cache"] == "miss"


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_when_the_cache_hangs(client, settings, report_practices, silent_server, path):
    redis_cache(settings, silent_server)
    started = time.monotonic()
    response = client.get(path)
    assert response.status_code == 200
    # One short timeout at most; then the cache is left alone for a while.
    assert time.monotonic() - started < 3


def test_without_the_guard_a_dead_cache_is_a_server_error(client, settings, report_practices):
    """What this module guards against: Django's own RedisCache lets the error through."""
    redis_cache(settings, closed_port(), backend="django.core.cache.backends.redis.RedisCache")
    client.raise_request_exception = False
    assert client.get("/practices/").status_code == 500


def test_a_failure_is_logged_once_then_the_cache_is_left_alone(settings, caplog):
    redis_cache(settings, closed_port())
    with caplog.at_level(logging.WARNING, logger="pfp.cache"):
        assert cache.get("a", "default") == "default"
        assert cache.get_many(["a", "b"]) == {}
        assert cache.add("a", 1) is False
        cache.set("a", 1)
        cache.delete("a")
    warnings = [r for r in caplog.records if r.name == "pfp.cache"]
    assert len(warnings) == 1
    assert "unavailable" in warnings[0].getMessage()


def test_incr_on_a_dead_cache_raises_what_callers_expect(settings):
    """Counters (rate limits) see a missing key, which they already handle."""
    redis_cache(settings, closed_port())
    with pytest.raises(ValueError):
        cache.incr("attempts")


def test_the_readiness_check_sees_through_the_guard(settings):
    redis_cache(settings, closed_port())
    with pytest.raises(CACHE_DOWN):
        cache.check()


def test_it_is_used_for_a_redis_cache_url():
    """CACHE_URL=redis://… gets the guarded backend, with short timeouts."""
    import os
    import subprocess
    import sys

    code = (
        "import django; django.setup(); from django.conf import settings; "
        "c = settings.CACHES['default']; print(c['BACKEND'], c['OPTIONS']['socket_timeout'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            "PATH": os.environ.get("PATH", ""),
            "DJANGO_SETTINGS_MODULE": "pfp.settings",
            "CACHE_URL": "redis://127.0.0.1:6379/1",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["pfp.core.cache.ResilientRedisCache", "0.25"]


def test_it_works_against_a_real_redis(settings):
    """With a Redis that answers, it is an ordinary cache (skipped where none runs)."""
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    redis_cache(settings, 6379)
    settings.CACHES["default"]["KEY_PREFIX"] = "pfp-tests-cache-failure"
    cache.set("answer", 42, 30)
    assert cache.get("answer") == 42
    assert cache.incr("answer") == 43
    cache.delete("answer")
    cache.check()
