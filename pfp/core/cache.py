"""A Redis cache whose failure never breaks a page.

The cache only ever speeds pages up, so when Redis is down or slow the portal renders the
page instead: every error or timeout is logged and answered as a miss (a read) or a no-op (a
write). After a failure the cache is left alone for a few seconds, so that a Redis that does
not answer costs one short timeout per process now and then, not one on every call.

Rate limits that count in the cache fail open while it is down: better a sign-in page that
works than one that refuses everybody.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("pfp.cache")

# Errors that mean "the cache is not there right now". OSError covers refused and reset
# connections and socket timeouts that the client does not wrap.
CACHE_DOWN = (RedisError, OSError)

DEFAULT_TIMEOUTS = {
    # Seconds: a healthy Redis on the same network answers in well under a millisecond.
    "socket_connect_timeout": 0.25,
    "socket_timeout": 0.25,
}


class ResilientRedisCache(RedisCache):
    """Django's RedisCache, with short socket timeouts, turning failures into misses.

    OPTIONS may hold ``retry_after`` (seconds to leave a failed cache alone, default 5) and
    any option of redis-py's connection pool (``socket_timeout`` …).
    """

    def __init__(self, server, params):
        params = dict(params)
        options = {**DEFAULT_TIMEOUTS, **params.get("OPTIONS", {})}
        self.retry_after = float(options.pop("retry_after", 5))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._down_until = 0.0
        self._lock = threading.Lock()

    def check(self):
        """Raise if the cache does not store and return a value (for the readiness check)."""
        key = "pfp:readyz"
        super().set(key, "ok", 10)
        if super().get(key) != "ok":
            raise RedisError("the cache did not return what was stored")

    def _guarded(self, operation, failed, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return failed
        try:
            return operation(*args, **kwargs)
        except CACHE_DOWN as error:
            with self._lock:
                first = time.monotonic() >= self._down_until
                self._down_until = time.monotonic() + self.retry_after
            if first:
                logger.warning(
                    "The cache is unavailable (%s: %s); serving without it for %s s.",
                    type(error).__name__,
                    error,
                    self.retry_after,
                )
            return failed

    def get(self, key, default=None, version=None):
        return self._guarded(super().get, default, key, default, version)

    def get_many(self, keys, version=None):
        return self._guarded(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._guarded(super().has_key, False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().set, None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().set_many, list(data), data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().add, False, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(super().delete, False, key, version)

    def delete_many(self, keys, version=None):
        return self._guarded(super().delete_many, None, keys, version)

    def incr(self, key, delta=1, version=None):
        result = self._guarded(super().incr, _MISSING, key, delta, version)
        if result is _MISSING:
            # What Django raises for a key that is not there: callers already handle it.
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return result

    def clear(self):
        return self._guarded(super().clear, False)


_MISSING = object()
