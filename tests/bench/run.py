"""`make bench`: the public pages at 100,000 practices, measured through the full request cycle.

    .venv/bin/python -m tests.bench.run                  # prepare the database, measure, report
    .venv/bin/python -m tests.bench.run --profile URL    # where the time of one page goes

Prepares a PostgreSQL database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/pfp_bench): reused when it already holds BENCH_PRACTICES
(default 100,000) published practices, otherwise dropped, created, migrated and seeded with
`devtools.synthetic`. Then requests each page through `django.test.Client` (every middleware,
real templates, DEBUG off, a secure request as production behind its proxy sees it): three
warm-up requests, then BENCH_REQUESTS (default 30) timed ones, plus one more to count its SQL
queries. The CSV export of everything and the first request of a fresh process (which builds
the facet index) run in a subprocess, whose peak resident set size is the memory figure (VmHWM
from /proc; getrusage's ru_maxrss would carry over the parent's peak on Linux). With a page
cache in the code (a module that reads settings.PFP_PAGE_CACHE_SECONDS) the pages are
measured a second time with it on.

Text search has rows of its own, one per kind of query a visitor types (one word, several
plain words, a phrase in quotes, an exclusion, a misspelling, a word cut short as typed), each
alone and with two facets (`tests/bench/queries.py`). Uncached means that no timed request is
answered by the page cache (off: PFP_PAGE_CACHE_SECONDS=0; the hits column counts its
answers) nor by a per-process cache of results: every request of a text row, warm-up and
timed, asks a query no other request of the run asks (drawn from the synthetic vocabulary;
"repeats" in results.json counts any that had to be asked twice). The other rows repeat their
one URL, as before. Every timed request's SQL queries are counted; the text requests that
find practices must take the same number within each kind of query, whatever the query.
Then the facet counts that the index gives for text results are checked against the
database's own count of the same practices.

Prints a table with PASS/FAIL against the targets (issue 3; issue 9 for the text rows) and
writes bench/results.json. `make bench` then runs `make relevance`.
"""

import argparse
import cProfile
import io
import json
import math
import os
import platform
import pstats
import random
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/pfp_bench"
RESULTS = ROOT / "bench" / "results.json"
WARM_UP = 3
PAGE_SIZE = 20

# Targets of issue 3.
LIST_MEDIAN_MS = 100
LIST_P95_MS = 250
DETAIL_MEDIAN_MS = 30
MAX_QUERIES = 15
CSV_SECONDS = 30
CSV_PEAK_MB = 300
# Targets of issue 9, for text queries with and without facets.
TEXT_MEDIAN_MS = 50
TEXT_P95_MS = 150
# Target of issue 12 for /insights/ (the map and every chart), from the facet index.
INSIGHTS_MEDIAN_MS = 50
# The facets of the "+ 2 facets" text rows, taken in turn.
TEXT_FACET_PAIRS = [
    (("theme", "labour-migration"), ("region", "asia")),
    (("theme", "remittances"), ("region", "africa")),
    (("goal", "8"), ("region", "asia")),
]


def settings_from_env():
    return {
        "database_url": os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        "practices": int(os.environ.get("BENCH_PRACTICES", "100000")),
        "requests": int(os.environ.get("BENCH_REQUESTS", "30")),
        "seed": int(os.environ.get("BENCH_SEED", "1")),
    }


# --- the database --------------------------------------------------------------------------


def prepare_database(url, practices):
    """Reuse the bench database when it holds `practices` published practices; else recreate
    it. Returns True when it was reused. Only a database whose name says "bench" is dropped."""
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    try:
        with psycopg.connect(url, connect_timeout=5) as connection:
            count = connection.execute(
                "SELECT count(*) FROM practices_practice WHERE review_state = 'published'"
            ).fetchone()[0]
    except psycopg.errors.UndefinedTable:
        count = 0
    except psycopg.OperationalError as error:
        if f'"{name}" does not exist' not in str(error):
            raise
        count = None
    if count == practices:
        return True
    with psycopg.connect(url, dbname="postgres", autocommit=True) as connection:
        if count is not None:
            if "bench" not in name:
                sys.exit(
                    f"Database {name} holds {count} practices, not {practices}; it is not "
                    "named like a bench database, so it is left alone. Drop it yourself or "
                    "point BENCH_DATABASE_URL elsewhere."
                )
            print(f"Database {name} holds {count} published practices: recreating it.")
            connection.execute(
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name))
            )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return False


def configure_django(url, static_root):
    """Production-like settings for this process and its subprocesses, then django.setup()."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "pfp.settings",
            "DATABASE_URL": url,
            "DEBUG": "false",
            "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "testserver,localhost",
            "STATIC_ROOT": str(static_root),
            # Beside the static files, in the run's own temporary folder: an export file left
            # by an earlier run would be served instead of the export being measured.
            "PFP_EXPORT_DIR": str(Path(static_root).parent / "exports"),
            "PFP_PAGE_CACHE_SECONDS": "0",
            "LOG_LEVEL": "WARNING",
        }
    )
    os.environ["BENCH_SECRET_KEY"] = os.environ["SECRET_KEY"]
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    # A URLconf of the bench's own, with the baseline page; pfp/urls.py is left as it is.
    settings.ROOT_URLCONF = "tests.bench.urls"


def load_data(options, reused):
    from django.core.management import call_command
    from django.db import connection

    from devtools.synthetic import seed_synthetic
    from practices.report import load_pfp_data

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    load_pfp_data(reference_only=True)
    if reused:
        print(f"Reusing the database: it holds {options['practices']:,} published practices.")
        # A database seeded before the text index analysed practices at write time.
        call_command("rebuild_search_index", missing=True)
        return None

    def progress(done, seconds):
        if done % 20000 == 0 or done == options["practices"]:
            print(f"  seeded {done:,} practices in {seconds:.0f} s", flush=True)

    print(f"Seeding {options['practices']:,} synthetic practices (seed {options['seed']}) …")
    result = seed_synthetic(practices=options["practices"], seed=options["seed"], progress=progress)
    steps = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in result.timings.items())
    print(f"Seeded in {result.seconds:.1f} s ({steps}).")
    # Autovacuum would soon do the same; measure the steady state, not a bloated table.
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"VACUUM ANALYZE in {time.perf_counter() - started:.1f} s.")
    return {"seconds": round(result.seconds, 1), "steps": result.timings}


# --- measuring -----------------------------------------------------------------------------


def scenarios(requests):
    """The pages measured: name, kind (which targets apply) and urls (cycled through)."""
    from urllib.parse import urlencode

    from practices import search
    from practices.models import Practice

    from .queries import KINDS, QueryPool

    index = search.current_index()
    for facet, value in [
        ("theme", "remittances"),
        ("theme", "labour-migration"),
        ("goal", "8"),
        ("region", "africa"),
        ("region", "asia"),
    ]:
        if value not in index.values[facet]:
            sys.exit(f"The reference data has no {facet} {value!r}: the bench needs it.")
    total = index.count(index.alive)
    last_page = max(1, math.ceil(total / PAGE_SIZE))
    slugs = list(Practice.objects.published().order_by("id").values_list("slug", flat=True))
    sample = random.Random(0).sample(slugs, min(50, len(slugs)))

    # Each request of a text row a query of its own: warm-up, timed, and the one counted.
    pool = QueryPool()
    per_row = WARM_UP + requests + 1
    text_rows = []
    for kind in KINDS:
        for with_facets in (False, True):
            queries, repeats = pool.take(kind, per_row)
            urls = []
            for number, q in enumerate(queries):
                params = [("q", q)]
                if with_facets:
                    params += TEXT_FACET_PAIRS[number % len(TEXT_FACET_PAIRS)]
                urls.append("/practices/?" + urlencode(params))
            name = f"text: {kind}" + (" + 2 facets" if with_facets else "")
            text_rows.append({"name": name, "kind": "text", "urls": urls, "repeats": repeats})

    pages = [
        ("baseline (static template)", "baseline", ["/bench/baseline/"]),
        ("/ (home)", "list", ["/"]),
        ("list, unfiltered", "list", ["/practices/"]),
        ("list, 1 facet", "list", ["/practices/?theme=remittances"]),
        (
            "list, 3 facets",
            "list",
            ["/practices/?theme=labour-migration&goal=8&region=africa"],
        ),
    ]
    after_text = [
        ("list, last page", "list", [f"/practices/?page={last_page}"]),
        ("practice page", "detail", [f"/practices/{slug}/" for slug in sample]),
        ("/sdgs/", "list", ["/sdgs/"]),
        ("/summits/", "list", ["/summits/"]),
        ("/insights/, unfiltered", "insights", ["/insights/"]),
        ("/insights/, 1 facet, lead map", "insights", ["/insights/?theme=remittances&map=lead"]),
    ]

    def row(name, kind, urls):
        return {"name": name, "kind": kind, "urls": urls, "repeats": 0}

    return [row(*page) for page in pages] + text_rows + [row(*page) for page in after_text]


def result_counts(pages, requests):
    """Practices found by each list row: by its URL, or the median over a text row's timed
    URLs. Counted after the measurements, so that counting warms no cache they read."""
    from statistics import median

    from django.http import QueryDict

    from practices import search

    index = search.current_index()

    def count(url):
        query = search.parse(QueryDict(urlsplit(url).query), index)
        return search.run(query, index).total

    found = {}
    for scenario in pages:
        urls = scenario["urls"]
        if urls[0].split("?")[0] != "/practices/":
            found[scenario["name"]] = None
        elif scenario["kind"] == "text":
            # The timed queries, then the one whose SQL was counted.
            counts = [count(url) for url in urls[WARM_UP : WARM_UP + requests + 1]]
            timed = counts[:requests]
            found[scenario["name"]] = {
                "median": int(median(timed)),
                "min": min(timed),
                "max": max(timed),
                "none_found": sum(1 for n in timed if n == 0),
                "per_request": counts,
            }
        else:
            found[scenario["name"]] = count(urls[0])
    return found


def client():
    from django.test import Client

    return Client()


def get(browser, url):
    """GET url as a secure request, read the whole body; the response."""
    response = browser.get(url, secure=True)
    if response.status_code != 200:
        sys.exit(f"GET {url} answered {response.status_code}.")
    if response.streaming:
        for _chunk in response.streaming_content:
            pass
    response.close()
    return response


def percentile(values, fraction):
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def measure(scenario, requests):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    browser = client()
    urls = scenario["urls"]
    for number in range(WARM_UP):
        get(browser, urls[number % len(urls)])
    times, hits, per_request = [], 0, []
    executed = [0]

    def counted(execute, sql, params, many, context):
        executed[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        for number in range(requests):
            url = urls[(WARM_UP + number) % len(urls)]
            executed[0] = 0
            started = time.perf_counter()
            response = get(browser, url)
            times.append((time.perf_counter() - started) * 1000)
            per_request.append(executed[0])
            hits += response.get("X-PfP-Cache") == "hit"
    sql_seconds = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_seconds.append(time.perf_counter() - started)

    # A text row counts the SQL of one more query of its own, not one already asked.
    last = urls[(WARM_UP + requests) % len(urls)] if scenario["kind"] == "text" else urls[0]
    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timed):
        get(browser, last)
    sql_ms = sum(sql_seconds) * 1000
    if len(urls) == 1:
        described = urls[0]
    elif scenario["kind"] == "text":
        described = f"{len(set(urls))} queries, one per request, e.g. {urls[WARM_UP]}"
    else:
        described = f"{len(urls)} practice pages in turn"
    return {
        "name": scenario["name"],
        "kind": scenario["kind"],
        "url": described,
        "results": None,
        "repeats": scenario["repeats"],
        "requests": requests,
        "median_ms": round(percentile(times, 0.5), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
        "min_ms": round(min(times), 2),
        "max_ms": round(max(times), 2),
        "queries": len(captured.captured_queries),
        # Of each timed request, in order; for a text row, then its counted request's.
        "queries_per_request": per_request
        + ([len(captured.captured_queries)] if scenario["kind"] == "text" else []),
        "sql_ms": round(sql_ms, 2),
        "cache_hits": hits,
    }


def verdict(row):
    """PASS/FAIL and the targets checked, for one measured page."""
    checks = []
    if row["kind"] == "text":
        checks.append(("median", row["median_ms"] <= TEXT_MEDIAN_MS, f"≤{TEXT_MEDIAN_MS}"))
        checks.append(("p95", row["p95_ms"] <= TEXT_P95_MS, f"≤{TEXT_P95_MS}"))
    elif row["kind"] == "list":
        checks.append(("median", row["median_ms"] <= LIST_MEDIAN_MS, f"≤{LIST_MEDIAN_MS}"))
        checks.append(("p95", row["p95_ms"] <= LIST_P95_MS, f"≤{LIST_P95_MS}"))
    elif row["kind"] == "insights":
        checks.append(("median", row["median_ms"] <= INSIGHTS_MEDIAN_MS, f"≤{INSIGHTS_MEDIAN_MS}"))
    elif row["kind"] == "detail":
        checks.append(("median", row["median_ms"] <= DETAIL_MEDIAN_MS, f"≤{DETAIL_MEDIAN_MS}"))
    if row["kind"] != "baseline":
        most = max([row["queries"], *row["queries_per_request"]])
        checks.append(("queries", most <= MAX_QUERIES, f"≤{MAX_QUERIES}"))
    if not checks:
        return "-", []
    failed = [name for name, ok, _target in checks if not ok]
    return ("FAIL " + ",".join(failed)) if failed else "PASS", checks


def measure_pages(pages, requests):
    rows = []
    for scenario in pages:
        row = measure(scenario, requests)
        row["verdict"], checks = verdict(row)
        row["targets"] = {name: target for name, _ok, target in checks}
        rows.append(row)
        print(
            f"  {row['name']:<32} median {row['median_ms']:8.1f} ms  p95 {row['p95_ms']:8.1f} ms"
            f"  {_queries(row):>5} queries  {row['verdict']}",
            flush=True,
        )
    return rows


def check_constant_queries(rows):
    """Every text request of one kind that finds practices must take the same number of SQL
    queries, whatever the query and however many it finds. A row whose requests take several
    numbers gets FAIL. A query that finds nothing fetches no page, so it may take fewer; those
    are reported apart. Needs the rows' results (`result_counts`); returns the summary."""
    text = [row for row in rows if row["kind"] == "text"]
    if not text:
        return None

    def requests(row):
        return list(zip(row["queries_per_request"], row["results"]["per_request"], strict=True))

    def taken(row):
        return {queries for queries, found in requests(row) if found}

    every = Counter(queries for row in text for queries, found in requests(row) if found)
    varying = []
    for row in text:
        counts = taken(row)
        row["targets"]["same queries"] = "=" + "/".join(str(n) for n in sorted(counts))
        if len(counts) > 1:
            varying.append(row["name"])
            failed = row["verdict"].removeprefix("PASS").removeprefix("FAIL ").strip()
            row["verdict"] = "FAIL " + ",".join(filter(None, [failed, "same queries"]))
    empty = Counter(queries for row in text for queries, found in requests(row) if not found)
    return {
        "counts": sorted(every),
        "requests_by_count": dict(sorted(every.items())),
        "by_row": {row["name"]: sorted(taken(row)) for row in text},
        "empty_results_by_count": dict(sorted(empty.items())),
        "verdict": "FAIL" if varying else "PASS",
    }


def check_facet_index(pages):
    """The facet counts of text results, from the index, against the database's own count.

    For the first timed query of the text rows "one word" and "one word + 2 facets": each
    facet's counts must equal a count, through the ORM, of the practices of the result, or for
    a facet the query filters on, of the result without that filter (as the page counts it).
    """
    from urllib.parse import parse_qsl, urlencode

    from django.http import QueryDict

    from practices import search
    from practices.models import Practice
    from practices.search.facets import FACET_BY_NAME, FACET_NAMES

    index = search.current_index()

    def run_url(url):
        return search.run(search.parse(QueryDict(urlsplit(url).query), index), index)

    def orm_counts(facet, ids):
        practices_by_value = defaultdict(set)
        for path in FACET_BY_NAME[facet].orm_paths:
            rows = (
                Practice.objects.filter(id__in=ids, **{f"{path}__isnull": False})
                .values_list("id", path)
                .distinct()
            )
            for practice_id, value in rows:
                if value not in ("", None):
                    practices_by_value[str(value)].add(practice_id)
        return {value: len(found) for value, found in practices_by_value.items()}

    checked, mismatches = [], []
    started = time.perf_counter()
    for scenario in pages:
        if scenario["name"] not in ("text: one word", "text: one word + 2 facets"):
            continue
        url = scenario["urls"][WARM_UP]
        result = run_url(url)
        pairs = parse_qsl(urlsplit(url).query)
        for facet in FACET_NAMES:
            if facet in result.query.facets:
                without = [(k, v) for k, v in pairs if k != facet]
                ids = run_url("/practices/?" + urlencode(without)).ordered_ids
            else:
                ids = result.ordered_ids
            expected = orm_counts(facet, [int(i) for i in ids])
            got = {value: n for value, n in result.facet_counts[facet].items() if n}
            if got != expected:
                wrong = sorted(set(got.items()) ^ set(expected.items()))[:5]
                mismatches.append({"url": url, "facet": facet, "differences": wrong})
        checked.append({"url": url, "results": result.total})
    return {
        "checked": checked,
        "facets": len(FACET_NAMES),
        "mismatches": mismatches,
        "seconds": round(time.perf_counter() - started, 1),
        "verdict": "PASS" if checked and not mismatches else "FAIL",
    }


def page_cache_modules():
    """The modules of the portal that read settings.PFP_PAGE_CACHE_SECONDS: a page cache.

    Empty when the setting exists but nothing uses it yet.
    """
    found = []
    for folder in ("pfp", "practices", "calls_for_action", "meetings"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.name != "settings.py" and "PFP_PAGE_CACHE_SECONDS" in path.read_text():
                found.append(str(path.relative_to(ROOT)))
    return found


def measure_cached(pages, requests):
    from django.core.cache import cache
    from django.test.utils import override_settings

    cache.clear()
    with override_settings(PFP_PAGE_CACHE_SECONDS=300):
        rows = measure_pages(pages, requests)
    cache.clear()
    return rows


# --- a fresh process: first request, index build, CSV export --------------------------------


def max_rss_mb():
    """The peak resident memory of this process so far, in MB.

    On Linux, VmHWM of /proc/self/status: ru_maxrss would do, but a child started from a
    large process inherits the parent's peak in ru_maxrss across fork and exec. Elsewhere,
    ru_maxrss.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def first_request_worker():
    """In a fresh process: the first request, which builds the facet index, then a second;
    then the first text search, which builds a text index if the engine keeps one in memory
    (nothing warms it up here: the test client does not go through pfp.wsgi), then a second."""
    configure_django(os.environ["DATABASE_URL"], os.environ["STATIC_ROOT"])
    browser = client()
    figures = {"rss_after_setup_mb": round(max_rss_mb(), 1)}
    started = time.perf_counter()
    get(browser, "/practices/")
    figures["first_request_ms"] = round((time.perf_counter() - started) * 1000, 1)
    started = time.perf_counter()
    get(browser, "/practices/")
    figures["second_request_ms"] = round((time.perf_counter() - started) * 1000, 1)
    figures["rss_before_text_mb"] = round(max_rss_mb(), 1)
    for name, q in (
        ("first_text_request_ms", "recruitment"),
        ("second_text_request_ms", "diaspora"),
    ):
        started = time.perf_counter()
        get(browser, f"/practices/?q={q}")
        figures[name] = round((time.perf_counter() - started) * 1000, 1)
    figures["peak_rss_mb"] = round(max_rss_mb(), 1)
    return figures


def csv_worker():
    """In a fresh process: the facet index alone, then the CSV export of everything."""
    configure_django(os.environ["DATABASE_URL"], os.environ["STATIC_ROOT"])
    from practices.search.index import current_index

    figures = {"rss_after_setup_mb": round(max_rss_mb(), 1)}
    started = time.perf_counter()
    index = current_index()
    figures["index_build_ms"] = round((time.perf_counter() - started) * 1000, 1)
    figures["indexed_practices"] = index.count(index.alive)
    figures["rss_after_index_mb"] = round(max_rss_mb(), 1)
    browser = client()
    # What any serving process has loaded: the URLconf, middleware, the list's templates.
    get(browser, "/practices/")
    figures["rss_before_export_mb"] = round(max_rss_mb(), 1)

    started = time.perf_counter()
    response = browser.get("/practices/?format=csv", secure=True)
    size = lines = 0
    first_byte = None
    for chunk in response.streaming_content:
        if first_byte is None:
            first_byte = time.perf_counter() - started
        size += len(chunk)
        lines += chunk.count(b"\n")
    response.close()
    figures["csv_seconds"] = round(time.perf_counter() - started, 2)
    figures["csv_first_byte_ms"] = round((first_byte or 0) * 1000, 1)
    figures["csv_rows"] = lines - 1
    figures["csv_megabytes"] = round(size / 1e6, 1)
    figures["peak_rss_mb"] = round(max_rss_mb(), 1)
    figures["export_rss_growth_mb"] = round(
        figures["peak_rss_mb"] - figures["rss_before_export_mb"], 1
    )
    return figures


WORKERS = {"first-request": first_request_worker, "csv": csv_worker}


def in_fresh_process(worker):
    # The subprocess inherits the settings this process put in its environment.
    completed = subprocess.run(
        [sys.executable, "-m", "tests.bench.run", "--worker", worker],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        sys.exit(f"The fresh-process measurement {worker} failed:\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def fresh_processes():
    first = in_fresh_process("first-request")
    export = in_fresh_process("csv")
    # The process that serves an export holds the facet index too: its whole peak counts.
    export["verdict"] = (
        "PASS"
        if export["csv_seconds"] <= CSV_SECONDS and export["peak_rss_mb"] < CSV_PEAK_MB
        else "FAIL"
    )
    return {"first_request": first, "csv_export": export}


# --- profiling -----------------------------------------------------------------------------


def profile(url, rounds=5):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    browser = client()
    for _ in range(WARM_UP):
        get(browser, url)
    with CaptureQueriesContext(connection) as captured:
        get(browser, url)
    print(f"\nSQL of one request to {url}:")
    for query in captured.captured_queries:
        print(f"  {float(query['time']) * 1000:8.1f} ms  {query['sql'][:150]}")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        get(browser, url)
    profiler.disable()
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(30)
        print(f"\ncProfile of {rounds} requests to {url}, by {order}:")
        print(out.getvalue())


# --- reporting -----------------------------------------------------------------------------


def _queries(row):
    """The SQL queries of a row's requests: one number, or the range they took."""
    taken = sorted({*row["queries_per_request"], row["queries"]})
    return str(taken[0]) if len(taken) == 1 else f"{taken[0]}-{taken[-1]}"


def _results(row):
    found = row["results"]
    if found is None:
        return ""
    if isinstance(found, dict):  # a text row: the median of its queries
        return f"~{found['median']:,}"
    return f"{found:,}"


def table(rows, title):
    lines = [
        title,
        f"  {'page':<32} {'median':>9} {'p95':>9} {'queries':>7} {'SQL':>8} {'results':>8}"
        f" {'hits':>5}  {'target':<52} verdict",
    ]
    for row in rows:
        targets = ", ".join(f"{name} {target}" for name, target in row["targets"].items())
        lines.append(
            f"  {row['name']:<32} {row['median_ms']:7.1f}ms {row['p95_ms']:7.1f}ms"
            f" {_queries(row):>7} {row['sql_ms']:6.1f}ms {_results(row):>8}"
            f" {row['cache_hits']:5d}  {targets:<52} {row['verdict']}"
        )
    return "\n".join(lines)


def report(results):
    print()
    print(
        f"{results['practices']:,} published practices, PostgreSQL, "
        f"{results['requests']} requests per page after {WARM_UP} warm-up; times in ms "
        "through django.test.Client (all middleware, templates, DEBUG off)."
    )
    print(
        table(
            results["uncached"],
            "Uncached (hits: answers from the page cache; text rows: one query per request, "
            "results the median found):",
        )
    )
    constant = results["text_queries_constant"]
    if constant:
        counts = ", ".join(f"{n} ({k} requests)" for n, k in constant["requests_by_count"].items())
        print(
            f"  SQL queries per text request that found practices, every kind, with and "
            f"without facets: {counts}; target one number: {constant['verdict']}"
        )
        if constant["empty_results_by_count"]:
            empty = ", ".join(
                f"{k} with {n} queries" for n, k in constant["empty_results_by_count"].items()
            )
            print(f"  requests that found nothing (no page to fetch): {empty}")
    exact = results["facet_index_exact"]
    print(
        f"  facet counts of {len(exact['checked'])} text results against the database's count"
        f" ({exact['facets']} facets each, {exact['seconds']:.0f} s): "
        f"{len(exact['mismatches'])} differ: {exact['verdict']}"
    )
    for mismatch in exact["mismatches"]:
        print(f"    {mismatch['facet']} of {mismatch['url']}: {mismatch['differences']}")
    if results["cached"] == "not implemented":
        print("Cached: not implemented (no module uses settings.PFP_PAGE_CACHE_SECONDS).")
    else:
        modules = ", ".join(results["page_cache_modules"])
        print(
            table(
                results["cached"],
                f"With the page cache ({modules}), 300 s; not the text rows, whose queries are "
                "each asked once:",
            )
        )
    first, export = results["first_request"], results["csv_export"]
    print("Fresh processes (memory: peak resident set size, VmHWM):")
    print(
        f"  first request to /practices/ {first['first_request_ms']:.0f} ms (the second "
        f"{first['second_request_ms']:.0f} ms); peak {first['rss_before_text_mb']:.0f} MB "
        f"({first['rss_after_setup_mb']:.0f} MB after start-up)"
    )
    print(
        f"  then the first text search (q=recruitment) {first['first_text_request_ms']:.0f} ms "
        f"(the second, q=diaspora, {first['second_text_request_ms']:.0f} ms); "
        f"peak {first['peak_rss_mb']:.0f} MB"
    )
    print(
        f"  facet index build alone {export['index_build_ms']:.0f} ms for "
        f"{export['indexed_practices']:,} practices; peak {export['rss_after_index_mb']:.0f} MB "
        f"({export['rss_after_setup_mb']:.0f} MB after start-up)"
    )
    print(
        f"  CSV export of everything: {export['csv_rows']:,} rows, {export['csv_megabytes']} MB "
        f"in {export['csv_seconds']:.1f} s (first byte {export['csv_first_byte_ms']:.0f} ms); "
        f"process peak {export['peak_rss_mb']:.0f} MB, +{export['export_rss_growth_mb']:.0f} MB "
        f"during the export; target ≤{CSV_SECONDS} s and <{CSV_PEAK_MB} MB: {export['verdict']}"
    )
    load = results["load_average"]
    print(
        f"Load average (1 min) {load['before']:.1f} before, {load['after']:.1f} after the "
        f"measurements, on {results['machine']['cpus']} CPUs."
    )
    if results["seeding"]:
        print(f"Seeding took {results['seeding']['seconds']:.0f} s.")
    print("Relevance of the search: make relevance (make bench runs it next).")


def run(options):
    work = Path(tempfile.mkdtemp(prefix="pfp-bench-"))
    static_root = work / "static"
    try:
        reused = prepare_database(options["database_url"], options["practices"])
        configure_django(options["database_url"], static_root)
        seeding = load_data(options, reused)
        if options["profile"]:
            profile(options["profile"], rounds=options["rounds"])
            return
        pages = scenarios(options["requests"])
        load_before = os.getloadavg()[0]
        if load_before > 0.5 * (os.cpu_count() or 1):
            print(f"Warning: load average {load_before:.1f}; other work will skew the figures.")
        print("Uncached:")
        uncached = measure_pages(pages, options["requests"])
        cached, cache_modules = "not implemented", page_cache_modules()
        if cache_modules:
            print(f"With the page cache ({', '.join(cache_modules)}):")
            # Not the text rows: each of their requests is a query never asked before, which
            # no page cache can answer.
            cached = measure_cached(
                [page for page in pages if page["kind"] != "text"], options["requests"]
            )
        print("Fresh processes: first request, index build, CSV export …", flush=True)
        fresh = fresh_processes()
        load_after = os.getloadavg()[0]
        print("Counting results, checking the facet index against the database …", flush=True)
        found = result_counts(pages, options["requests"])
        for row in uncached + ([] if cached == "not implemented" else cached):
            row["results"] = found[row["name"]]
        constant_queries = check_constant_queries(uncached)
        try:
            facet_index = check_facet_index(pages)
        except (AttributeError, ImportError, KeyError, TypeError) as error:
            # The search package is being rewritten; a changed name must not lose the run.
            print(f"The facet counts could not be checked: {error!r}", flush=True)
            facet_index = {"checked": [], "facets": 0, "mismatches": [], "seconds": 0}
            facet_index.update(verdict="NOT CHECKED", error=repr(error))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    results = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _git_commit(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "django": django.get_version(),
            "postgresql": server_version,
        },
        "database": _without_password(options["database_url"]),
        "practices": options["practices"],
        "requests": options["requests"],
        "warm_up": WARM_UP,
        "seeding": seeding,
        "uncached": uncached,
        "cached": cached,
        "page_cache_modules": cache_modules,
        "text_queries_constant": constant_queries,
        "facet_index_exact": facet_index,
        **fresh,
        "load_average": {"before": load_before, "after": load_after},
        "memory_measure": "peak resident set size (VmHWM) of a fresh subprocess",
    }
    report(results)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nWritten to {RESULTS.relative_to(ROOT)}.")


def _git_commit():
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def _without_password(url):
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--profile", metavar="URL", help="Profile one page instead.")
    parser.add_argument("--rounds", type=int, default=5, help="Requests profiled (--profile).")
    parser.add_argument("--worker", choices=WORKERS, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.worker:
        print(json.dumps(WORKERS[arguments.worker]()))
        return
    options = settings_from_env()
    options["profile"] = arguments.profile
    options["rounds"] = arguments.rounds
    run(options)


if __name__ == "__main__":
    main()
