"""Health checks for the load balancer and the orchestrator.

``/healthz`` is liveness: the process answers HTTP. It touches nothing else, so that a
database outage never gets healthy web processes killed and restarted in a loop.

``/readyz`` is readiness: this process can serve real pages. It checks the database, the
cache, the media storage and that every migration is applied, and answers 503 with what
failed. The details of a failure go to the log, never to the public answer.
"""

import logging
import os
import threading
import time
from pathlib import Path

from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("pfp.health")

OK = "ok"
FAILED = "unavailable"


@never_cache
@require_safe
def healthz(request):
    """Liveness: 200 as long as the process answers."""
    return JsonResponse({"status": OK})


@never_cache
@require_safe
def readyz(request):
    """Readiness: 200 when every dependency answers, 503 (and which one) when one does not."""
    checks = {
        "database": _check(_database),
        "cache": _check(_cache),
        "storage": _check(_storage),
        "migrations": _check(_migrations),
    }
    ready = all(state == OK for state in checks.values())
    return JsonResponse(
        {"status": OK if ready else FAILED, "checks": checks}, status=200 if ready else 503
    )


def _check(probe):
    started = time.monotonic()
    try:
        result = probe()
    except Exception as error:
        logger.warning(
            "Readiness check %s failed after %.0f ms: %s: %s",
            probe.__name__.lstrip("_"),
            (time.monotonic() - started) * 1000,
            type(error).__name__,
            error,
        )
        return FAILED
    return result or OK


def _database():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    check = getattr(cache, "check", None)
    if check is not None:
        # The resilient cache hides failures from pages; here they must show.
        check()
        return
    cache.set("pfp:readyz", OK, 10)
    if cache.get("pfp:readyz") != OK:
        raise RuntimeError("the cache did not return what was stored")


def _storage():
    if isinstance(default_storage, FileSystemStorage):
        # The folder is made on the first upload: then its nearest existing parent must be
        # writable.
        folder = Path(default_storage.location)
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not (folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)):
            raise PermissionError(f"{folder} is not a writable folder")
        return
    # Object storage: one cheap request that needs the bucket and the credentials.
    default_storage.exists("readyz-probe")


_migrations_applied = threading.Event()


def _migrations():
    # Once this code's migrations are all applied they stay applied, so a process checks
    # until then and not after: loading the migration graph takes a while.
    if _migrations_applied.is_set():
        return None
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        logger.warning("%s migrations are not applied", len(plan))
        return f"{len(plan)} unapplied"
    _migrations_applied.set()
    return None


def reset():
    """Forget that the migrations were found applied (for tests)."""
    _migrations_applied.clear()
