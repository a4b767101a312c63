"""Backups: the database and the uploaded files in one archive, and the way back.

`manage.py backup` writes a `.tar.gz` holding

- `database.dump`: a `pg_dump` of the PostgreSQL database in its custom format, taken in
  one snapshot, so it is consistent even while the site is in use; or, on SQLite,
  `database.sqlite3`, a copy made with SQLite's online backup;
- `media/…`: every file under `MEDIA_ROOT` (attachments, images, meeting documents);
- `manifest.json`: when it was taken, of which database engine, and how many files.

`manage.py restore ARCHIVE --yes` puts both back: `pg_restore --clean` replaces every table
of the portal in one transaction (or the SQLite file is copied back), and the files are
written into `MEDIA_ROOT`. Uploaded files are copied after the database snapshot, so a file
uploaded during a backup may be in it without its record; never the other way round for a
file that existed when the backup started.

Media on object storage (django-storages) is backed up by the storage provider's own
versioning; these commands then carry the database alone.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

DUMP = "database.dump"
SQLITE = "database.sqlite3"
MANIFEST = "manifest.json"
MEDIA = "media"


class BackupError(Exception):
    pass


def engine():
    vendor = connection.vendor
    if vendor not in {"postgresql", "sqlite"}:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def libpq_environment():
    """The connection settings as libpq's environment variables: no password on a command
    line, where other users of the machine could read it."""
    database = settings.DATABASES["default"]
    values = {
        "PGDATABASE": database.get("NAME"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGHOST": database.get("HOST"),
        "PGPORT": str(database.get("PORT") or ""),
    }
    return {**os.environ, **{key: value for key, value in values.items() if value}}


def run(command):
    # The commands are fixed lists; only file names of our own choosing go into them.
    completed = subprocess.run(  # noqa: S603
        command, env=libpq_environment(), capture_output=True, text=True
    )
    if completed.returncode != 0:
        raise BackupError(f"{command[0]} failed: {completed.stderr.strip()}")


def media_root():
    return Path(settings.MEDIA_ROOT)


def backup(output):
    """Writes the archive to `output`; returns the manifest."""
    vendor = engine()
    output = Path(output)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        if vendor == "postgresql":
            run(["pg_dump", "--format=custom", "--no-owner", "--file", str(work / DUMP)])
        else:
            connection.ensure_connection()
            with sqlite3.connect(work / SQLITE) as copy:
                connection.connection.backup(copy)
        files = (
            sorted(p for p in media_root().rglob("*") if p.is_file())
            if media_root().is_dir()
            else []
        )
        manifest = {
            "created": timezone.now().isoformat(),
            "engine": vendor,
            "media_files": len(files),
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2))
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / MANIFEST, arcname=MANIFEST)
            archive.add(
                work / (DUMP if vendor == "postgresql" else SQLITE),
                arcname=DUMP if vendor == "postgresql" else SQLITE,
            )
            for path in files:
                archive.add(path, arcname=f"{MEDIA}/{path.relative_to(media_root()).as_posix()}")
        # Only a complete archive ever carries the name asked for.
        partial.replace(output)
    return manifest


def restore(archive_path):
    """Puts the database and the files of the archive back; returns its manifest."""
    vendor = engine()
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        try:
            with tarfile.open(archive_path, "r:gz") as archive:
                # The "data" filter refuses absolute paths, "..", links out of the folder and
                # device files: an archive cannot write outside the folder it is unpacked in.
                archive.extractall(work, filter="data")
            manifest = json.loads((work / MANIFEST).read_text())
        except (tarfile.TarError, OSError, ValueError) as error:
            raise BackupError(f"{archive_path} is not a backup of this portal: {error}") from error
        if manifest["engine"] != vendor:
            raise BackupError(
                f"This archive holds a {manifest['engine']} database; this portal runs on {vendor}."
            )
        connections.close_all()
        if vendor == "postgresql":
            run(
                ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
                + ["--dbname", settings.DATABASES["default"]["NAME"], str(work / DUMP)]
            )
        else:
            connection.ensure_connection()
            with sqlite3.connect(work / SQLITE) as copy:
                copy.backup(connection.connection)
        media = work / MEDIA
        if media.is_dir():
            shutil.copytree(media, media_root(), dirs_exist_ok=True)
    return manifest
