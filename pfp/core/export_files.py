"""Large exports made once, kept as files, and handed out without tying up the web workers.

Two researchers asking for every practice at once used to hold two web workers for the whole
of a 100,000-row export each; with two workers the site stopped answering. Now an export is
identified by a key (what was asked for, in which format and language, and the public-change
generation, so it changes whenever what visitors see changes) and is written once into
`PFP_EXPORT_DIR`:

- the first request for a key writes the file, holding one of `PFP_EXPORT_SLOTS` production
  slots (file locks, so the limit holds across every process of the machine); with every
  slot taken it is answered at once with 503 and `Retry-After`, never queued behind them;
- a request for a key that another request is writing is answered at once in the same way;
- a request for a key already written gets the file: through the proxy with
  `PFP_MEDIA_ACCEL` (`X-Accel-Redirect` under `PFP_EXPORT_ACCEL_PREFIX`, or `X-Sendfile`),
  else streamed by the web server's `sendfile`; gunicorn runs threaded workers, so a slow
  download takes a thread, not a worker.

Files are written beside their final name and renamed into place, so a reader never sees half
a file, and those older than `PFP_EXPORT_MAX_AGE_HOURS` are removed as new ones are written.
"""

import fcntl
import hashlib
import os
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from .downloads import send_file


class Busy(Exception):
    """Every production slot is taken, or this very export is being written."""


def export_dir():
    folder = Path(settings.PFP_EXPORT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def key_for(*parts):
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:40]


@contextmanager
def _try_lock(path):
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _slot(folder):
    for number in range(max(1, settings.PFP_EXPORT_SLOTS)):
        with _try_lock(folder / f".slot-{number}.lock") as taken:
            if taken:
                yield
                return
    raise Busy


def _prune(folder, keep):
    oldest = time.time() - settings.PFP_EXPORT_MAX_AGE_HOURS * 3600
    for path in folder.iterdir():
        if path.name.startswith(".") or path == keep:
            continue
        try:
            if path.stat().st_mtime < oldest:
                path.unlink()
        except FileNotFoundError:
            pass  # another process removed it first


def ensure(key, suffix, write):
    """The path of the export `key`, written by `write(file)` if it does not exist yet.
    Raises Busy when it cannot be written now."""
    folder = export_dir()
    path = folder / f"{key}{suffix}"
    if path.exists():
        return path
    with _try_lock(folder / f".{key}.lock") as mine:
        if not mine:
            raise Busy
        if path.exists():  # written while we waited for the lock
            return path
        with _slot(folder):
            partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
            try:
                with open(partial, "w", encoding="utf-8", newline="") as file:
                    write(file)
                partial.replace(path)
            finally:
                partial.unlink(missing_ok=True)
        _prune(folder, keep=path)
    return path


def file_response(path, *, content_type, filename, disposition="attachment"):
    response = send_file(
        name=path.name,
        path=path,
        accel_prefix=settings.PFP_EXPORT_ACCEL_PREFIX,
        content_type=content_type,
        open_file=lambda: open(path, "rb"),  # noqa: SIM115
    )
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
