"""`make relevance`: the portal's search scored on judged queries, on PostgreSQL and on SQLite.

    .venv/bin/python -m tests.relevance.run

For each database: a throwaway database (PostgreSQL: RELEVANCE_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/pfp_relevance, dropped and created again each run and
dropped at the end; SQLite: a file in a temporary folder), `migrate`, `load_pfp_data` (the
reference data and the 32 practices of the GFMD report, as `make run` loads them), then
gunicorn serves it as production does (DEBUG off, the page cache off) on 127.0.0.1
(RELEVANCE_PORTS, default 8104 for PostgreSQL and 8105 for SQLite). Once /healthz answers,
`relevance.py` scores the ranked JSON export on the development set `relevance_dev.csv`, plus
any query files named in RELEVANCE_QUERIES (paths separated by spaces or colons), then the
server is stopped.

Prints nDCG@10, P@1 and hit@5 per database and query file, with the target of issue 9 on
PostgreSQL (nDCG@10 ≥ 0.90 and every query with a relevant practice in its top 5) as PASS or
FAIL, and writes them to bench/relevance.json. Exits non-zero only when something failed to
run (a database that does not answer, a server that does not start, a query that errs), never
for low scores. RELEVANCE_DATABASES=sqlite (or postgresql) runs one database only.
"""

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from tests.relevance import relevance

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "relevance.json"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/pfp_relevance"
DATABASES = ("postgresql", "sqlite")
LABELS = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
START_SECONDS = 60

# The target of issue 9, on PostgreSQL (what production runs).
TARGET_NDCG = 0.90


class Failure(Exception):
    """Something did not run; the message says what."""


def options_from_env():
    databases = [
        name.strip().lower()
        for name in os.environ.get("RELEVANCE_DATABASES", ",".join(DATABASES)).split(",")
        if name.strip()
    ]
    unknown = set(databases) - set(DATABASES)
    if unknown or not databases:
        raise Failure(f"RELEVANCE_DATABASES takes postgresql and/or sqlite, not {unknown}.")
    ports = [int(port) for port in os.environ.get("RELEVANCE_PORTS", "8104,8105").split(",")]
    extra = [
        Path(path)
        for chunk in os.environ.get("RELEVANCE_QUERIES", "").split(os.pathsep)
        for path in chunk.split()
    ]
    query_files = [Path(relevance.DEVELOPMENT_SET), *extra]
    for path in query_files:
        if not path.is_file():
            raise Failure(f"No query file at {path}.")
    return {
        "database_url": os.environ.get("RELEVANCE_DATABASE_URL", DEFAULT_DATABASE_URL),
        "databases": databases,
        "ports": dict(zip(DATABASES, ports, strict=False)),
        "query_files": query_files,
    }


# --- the throwaway databases -----------------------------------------------------------------


def _maintenance(url):
    import psycopg

    try:
        return psycopg.connect(url, dbname="postgres", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        raise Failure(
            f"PostgreSQL at {_without_password(url)} does not answer ({error}). Start it, set "
            "RELEVANCE_DATABASE_URL, or run SQLite alone with RELEVANCE_DATABASES=sqlite."
        ) from error


def recreate_postgres(url):
    """Drop and create the throwaway database; only a name that says "relevance" is touched."""
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    if "relevance" not in name:
        raise Failure(
            f"RELEVANCE_DATABASE_URL names the database {name!r}; it is dropped on every run, "
            "so its name must contain 'relevance'."
        )
    with _maintenance(url) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_postgres(url):
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    with _maintenance(url) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


# --- the portal ------------------------------------------------------------------------------


def portal_env(database_url, folder):
    """Production settings (DEBUG off), served over plain HTTP on the loopback."""
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "DJANGO_SETTINGS_MODULE": "pfp.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        # Every answer comes from the search itself.
        "PFP_PAGE_CACHE_SECONDS": "0",
        "CACHE_URL": "locmemcache://pfp-relevance",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "PFP_EXPORT_DIR": str(folder / "exports"),
        "PFP_QUEUE_MAIL": "false",
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *args):
    completed = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if completed.returncode != 0:
        raise Failure(f"manage.py {' '.join(args)} failed:\n{completed.stderr[-3000:]}")
    return completed


def port_is_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As gunicorn binds: connections of an earlier server left in TIME_WAIT do not count,
        # a server listening there does.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def start_server(env, port, log_path):
    """gunicorn on 127.0.0.1:port, once /healthz answers; the process."""
    # Something else answering on the port would be scored instead of this database.
    if not port_is_free(port):
        raise Failure(f"Port {port} is in use; free it or set RELEVANCE_PORTS=pg,sqlite.")
    log = open(log_path, "w")  # noqa: SIM115 - closed with the process, in stop_server
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "pfp.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    process.log = log
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            stop_server(process)
            raise Failure(f"gunicorn stopped (exit {process.returncode}); see {log_path}.")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return process
        except OSError:
            time.sleep(0.2)
    stop_server(process)
    raise Failure(f"/healthz did not answer within {START_SECONDS} s; see {log_path}.")


def stop_server(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    process.log.close()


# --- scoring ---------------------------------------------------------------------------------


def score_database(database, options, folder):
    """Figures per query file for one database; prints the steps and their times."""
    label = LABELS[database]
    if database == "postgresql":
        url = options["database_url"]
        recreate_postgres(url)
    else:
        url = f"sqlite:///{folder / 'relevance.sqlite3'}"
    env = portal_env(url, folder)
    started = time.perf_counter()
    manage(env, "migrate", "--noinput", "-v0")
    migrated = time.perf_counter()
    manage(env, "load_pfp_data", "-v0")
    loaded = time.perf_counter()
    port = options["ports"][database]
    log_path = folder / f"gunicorn-{database}.log"
    server = start_server(env, port, log_path)
    served = time.perf_counter()
    try:
        base = f"http://127.0.0.1:{port}"
        figures = {}
        for path in options["query_files"]:
            try:
                figures[str(path)] = relevance.score(base, relevance.judged(path))
            except (OSError, ValueError, KeyError) as error:
                raise Failure(f"Scoring {path.name} on {label} failed: {error!r}") from error
    finally:
        stop_server(server)
        if database == "postgresql":
            drop_postgres(url)
    scored = time.perf_counter()
    print(
        f"{label}: migrate {migrated - started:.1f} s, load_pfp_data {loaded - migrated:.1f} s, "
        f"gunicorn up {served - loaded:.1f} s, scoring {scored - served:.1f} s.",
        flush=True,
    )
    return figures


def combined(sets):
    """The figures of several query files taken as one set."""
    n = sum(figures["queries"] for figures in sets)
    return {
        "queries": n,
        "ndcg10": sum(f["ndcg10"] * f["queries"] for f in sets) / n if n else 0.0,
        "p1": sum(f["p1"] * f["queries"] for f in sets) / n if n else 0.0,
        "hits": sum(f["hits"] for f in sets),
        "misses": [miss for f in sets for miss in f["misses"]],
    }


def verdict(database, figures):
    if database != "postgresql":
        return "(no target)"
    ok = figures["ndcg10"] >= TARGET_NDCG and figures["hits"] == figures["queries"]
    return "PASS" if ok else "FAIL"


def _name(path):
    path = Path(path)
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def report(results):
    print()
    print(
        "Search relevance: the ranked JSON export (/practices/?q=…&format=json) of gunicorn, "
        "DEBUG off, page cache off, 32 report practices."
    )
    for database, sets in results.items():
        for path, figures in sets.items():
            for query, top in figures["misses"]:
                print(
                    f"  {LABELS[database]}: no relevant practice in the top 5: {query!r} -> {top}"
                )
    print(
        f"  {'database':<11} {'query file':<34} {'queries':>7} {'nDCG@10':>8} {'P@1':>5}"
        f" {'hit@5':>7}  target (PostgreSQL): nDCG@10 ≥ {TARGET_NDCG:.2f}, hit@5 all"
    )
    for database, sets in results.items():
        rows = [(_name(path), figures) for path, figures in sets.items()]
        if len(rows) > 1:
            rows.append(("all of them", combined(list(sets.values()))))
        for index, (name, figures) in enumerate(rows):
            # The target applies to every judged query at once: the last row.
            mark = verdict(database, figures) if index == len(rows) - 1 else ""
            print(
                f"  {LABELS[database]:<11} {name:<34} {figures['queries']:7d}"
                f" {figures['ndcg10']:8.2f} {figures['p1']:5.2f}"
                f" {figures['hits']:>3d}/{figures['queries']:<3d}  {mark}"
            )


def run(options):
    results = {}
    with tempfile.TemporaryDirectory(prefix="pfp-relevance-") as temporary:
        for database in options["databases"]:
            folder = Path(temporary) / database
            folder.mkdir()
            try:
                results[database] = score_database(database, options, folder)
            except Failure:
                # Keep the server's log where it can be read after the folder goes.
                for log in folder.glob("gunicorn-*.log"):
                    kept = Path(tempfile.gettempdir()) / f"pfp-relevance-{log.name}"
                    shutil.copy(log, kept)
                    print(f"The server's log is kept at {kept}.", file=sys.stderr)
                raise
    report(results)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "target": {"database": "postgresql", "ndcg10": TARGET_NDCG, "hit5": "all"},
                "results": {
                    database: {
                        _name(path): {**figures, "verdict": verdict(database, figures)}
                        for path, figures in sets.items()
                    }
                    for database, sets in results.items()
                },
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\nWritten to {RESULTS.relative_to(ROOT)}.")
    return results


def _without_password(url):
    parts = urlsplit(url)
    return re.sub(r":[^:@/]*@", ":***@", url) if parts.password else url


def main():
    try:
        run(options_from_env())
    except Failure as failure:
        print(f"make relevance did not run: {failure}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
