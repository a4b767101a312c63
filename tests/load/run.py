"""`make loadtest`: the portal under load, and through a database restart, as production runs it.

    .venv/bin/python -m tests.load.run

Not part of CI: it takes about five minutes and both cores. Every address it sends traffic to
is on this machine (127.0.0.1), every loop is bounded in count and time, and it stops by
itself.

1. A throwaway PostgreSQL cluster of its own (initdb in a temporary folder, a free port), so
   that restarting it disturbs nobody. It is filled from the bench database when that holds
   LOAD_PRACTICES (default 100,000) practices (`make bench` seeds it), else seeded here.
2. gunicorn with production settings (DEBUG off, the page cache on) in front of it:
   LOAD_WORKERS sync workers (default 4).
3. Run A: LOAD_CLIENTS (default 50) concurrent clients for LOAD_SECONDS (default 60) on a mix
   of public pages, half of them from a small set (cached after their first request), half
   with random filters, text queries and pages (never cached). Target: 0 errors.
4. Run B: the same, plus a focal point saving new drafts, while the database is restarted in
   the middle. Targets: 0 responses of 500 (a 503 with Retry-After is the expected answer
   while the database is away), and every draft whose save was answered with success is in
   the database afterwards.

It prints the figures of both runs; the README keeps the last ones measured.
"""

import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BENCH_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pfp_bench")
PRACTICES = int(os.environ.get("LOAD_PRACTICES", "100000"))
CLIENTS = int(os.environ.get("LOAD_CLIENTS", "50"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "4"))
PASSWORD = "load-test-password-" + secrets.token_hex(4)

CACHED = [
    "/",
    "/practices/",
    "/practices/?theme=remittances",
    "/practices/?goal=10",
    "/sdgs/",
    "/themes/",
    "/gcm/",
    "/summits/",
    "/calls/",
    "/meetings/",
]
THEMES = ["remittances", "diaspora", "labour-mobility", "migration-governance"]
WORDS = ["recruitment", "remittance", "diaspora", "skills", "health", "women", "return", "youth"]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def uncached_url(rng):
    """A page nobody asked for before: random filters, words and page number."""
    params = [("page", str(rng.randint(1, 40)))]
    if rng.random() < 0.6:
        params.append(("q", " ".join(rng.sample(WORDS, rng.randint(1, 2)))))
    if rng.random() < 0.5:
        params.append(("theme", rng.choice(THEMES)))
    if rng.random() < 0.5:
        params.append(("goal", str(rng.randint(1, 17))))
    if rng.random() < 0.3:
        params.append(("year_from", str(rng.randint(2000, 2020))))
    params.append(("nonce", secrets.token_hex(4)))
    return "/practices/?" + urllib.parse.urlencode(params)


# --- the throwaway PostgreSQL cluster ---------------------------------------------------------


class Cluster:
    """A PostgreSQL cluster in a temporary folder, run as the postgres user when we are root."""

    def __init__(self):
        binaries = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
        if not binaries:
            sys.exit("No PostgreSQL server binaries under /usr/lib/postgresql.")
        self.bin = binaries[-1]
        self.folder = Path(tempfile.mkdtemp(prefix="pfp-load-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/pfp_load"
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:
            shutil.chown(self.folder, "postgres")

    def pg(self, tool, *args, check=True):
        command = [*self.as_postgres, str(self.bin / tool), *args]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=600)

    def start(self):
        self.pg("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.pg_ctl("start")
        self.pg("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "pfp_load")

    def pg_ctl(self, action):
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c max_connections=200"
        options += f" -k {self.folder}"
        # The server's output goes to a log file: a server holding our pipe open would keep
        # pg_ctl's caller waiting for ever.
        command = [*self.as_postgres, str(self.bin / "pg_ctl"), "-D", str(self.data)]
        command += ["-o", options, "-l", str(self.folder / "server.log"), "-w", "-m", "fast"]
        subprocess.run(
            [*command, action],
            check=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=120,
        )

    def stop(self):
        self.pg("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


# --- the portal -------------------------------------------------------------------------------


def portal_env(cluster, static_root):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pfp.settings",
        "DATABASE_URL": cluster.url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(static_root),
        "PFP_PAGE_CACHE_SECONDS": "300",
        "PFP_REQUIRE_2FA_FOR_STAFF": "false",
        "PFP_QUEUE_MAIL": "false",
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *args):
    return subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=1800,
    )


def bench_has_practices():
    import psycopg

    try:
        with psycopg.connect(BENCH_URL, connect_timeout=5) as connection:
            (count,) = connection.execute(
                "SELECT count(*) FROM practices_practice WHERE review_state = 'published'"
            ).fetchone()
    except psycopg.Error:
        return False
    return count == PRACTICES


def fill(cluster, env):
    if bench_has_practices():
        print(f"Copying {PRACTICES:,} practices from the bench database …", flush=True)
        dump = subprocess.Popen(["pg_dump", "-Fc", BENCH_URL], stdout=subprocess.PIPE)
        subprocess.run(
            ["pg_restore", "--no-owner", "-d", cluster.url], stdin=dump.stdout, check=True
        )
        dump.wait()
        manage(env, "migrate", "--noinput", "-v0")
    else:
        print(f"Seeding {PRACTICES:,} practices (make bench would keep them) …", flush=True)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_pfp_data", "--reference-only")
        manage(env, "seed_synthetic", "--practices", str(PRACTICES))
    manage(env, "load_pfp_data")
    manage(env, "seed_demo", "--force", "--password", PASSWORD)
    manage(env, "collectstatic", "--noinput", "-v0")


def start_gunicorn(env, port):
    command = [
        PYTHON,
        "-m",
        "gunicorn",
        "pfp.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--timeout",
        "30",
        "--graceful-timeout",
        "10",
        "--log-level",
        "warning",
    ]
    # The portal's own log lines (one per request refused during the restart) go to a file.
    log = open(Path(env["STATIC_ROOT"]).parent / "pfp-load-gunicorn.log", "w")  # noqa: SIM115
    print(f"  gunicorn's log: {log.name}")
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=log)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    # Each worker builds its facet index on its first request.
    for _ in range(WORKERS * 3):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/practices/", timeout=60).read()
    return process


# --- the clients ------------------------------------------------------------------------------


class Run:
    def __init__(self, base):
        self.base = base
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.latencies = []
        self.server_errors = []

    def record(self, url, status, seconds):
        with self.lock:
            self.statuses[status] += 1
            self.latencies.append(seconds)
            if status >= 500 and status != 503:
                self.server_errors.append((status, url))

    def fetch(self, url):
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(self.base + url, timeout=60) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
            if status == 503 and not error.headers.get("Retry-After"):
                status = 599  # a 503 without Retry-After is not the outage page
        except OSError:
            status = 0  # the connection itself failed
        self.record(url, status, time.perf_counter() - started)

    def client(self, seed, until):
        rng = random.Random(seed)
        while time.monotonic() < until:
            self.fetch(rng.choice(CACHED) if rng.random() < 0.5 else uncached_url(rng))

    def report(self, name, seconds):
        total = sum(self.statuses.values())
        ordered = sorted(self.latencies)
        p95 = ordered[int(len(ordered) * 0.95) - 1] if ordered else 0
        print(f"\n{name}")
        print(f"  requests        {total:,} in {seconds} s ({total / seconds:.0f}/s)")
        print(f"  median, p95     {statistics.median(ordered) * 1000:.0f} ms, {p95 * 1000:.0f} ms")
        print(f"  statuses        {dict(sorted(self.statuses.items()))}")
        print(f"  server errors   {len(self.server_errors)} (500s, or 503s without Retry-After)")


class FormFields(HTMLParser):
    """The fields a browser would post from the first POST form with a field named like
    `wanted` (a regular expression)."""

    def __init__(self, wanted):
        super().__init__()
        self.wanted = re.compile(wanted)
        self.fields, self.inside, self.done = [], False, False
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.done:
            return
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.inside, self.fields = True, []
        elif self.inside and tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if kind not in {"submit", "file", "button"}:
                self.fields.append([attrs["name"], attrs.get("value", "")])
        elif self.inside and tag == "textarea":
            self.textarea = [attrs.get("name"), ""]
            self.fields.append(self.textarea)
        elif self.inside and tag == "select":
            self.select = attrs.get("name")
        elif self.inside and tag == "option" and self.select and "selected" in attrs:
            self.fields.append([self.select, attrs.get("value", "")])

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form" and self.inside:
            self.inside = False
            self.done = any(self.wanted.search(name or "") for name, _ in self.fields)


TITLE = r"^title$"


class FocalPoint:
    """focal.gh@demo.pfp, saving new drafts through the workspace form as a browser does."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect()
        )
        self.saved, self.failed, self.failed_page = [], Counter(), None

    def open(self, path, data=None):
        if data is not None:
            pairs = data.items() if isinstance(data, dict) else data
            data = [(name, value or "") for name, value in pairs if name]
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), error.headers

    def form(self, path, wanted=TITLE):
        status, html, _ = self.open(path)
        if status != 200:
            return None
        parser = FormFields(wanted)
        parser.feed(html)
        return parser.fields if parser.done else None

    def sign_in(self):
        fields = dict(self.form("/accounts/login/", wanted=r"^username$") or [])
        fields.update(username="focal.gh@demo.pfp", password=PASSWORD)
        status, _, _ = self.open("/accounts/login/", fields)
        if status != 302:
            sys.exit(f"The focal point could not sign in ({status}).")

    def save_draft(self, title):
        fields = self.form("/my/practices/new/")
        if fields is None:
            self.failed["form not shown"] += 1
            return
        fields = [[n, title if re.search(TITLE, n) else v] for n, v in fields]
        status, page, headers = self.open("/my/practices/new/", fields)
        if status == 302 and re.search(r"/my/practices/\d+/", headers.get("Location", "")):
            self.saved.append(title)
        else:
            self.failed[status] += 1
            if status == 200 and not self.failed_page:
                # The form came back: keep the first such page to see what it said.
                self.failed_page = Path(tempfile.gettempdir()) / "pfp-load-refused-draft.html"
                self.failed_page.write_text(page)
                print(f"  a refused draft's page: {self.failed_page}")

    def work(self, until):
        number = 0
        while time.monotonic() < until:
            number += 1
            self.save_draft(f"Load test draft {number} {secrets.token_hex(3)}")
            time.sleep(0.2)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def load(base, seconds, *, cluster=None, writer=None):
    run = Run(base)
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(target=run.client, args=(seed, until), daemon=True)
        for seed in range(CLIENTS)
    ]
    if writer:
        threads.append(threading.Thread(target=writer.work, args=(until,), daemon=True))
    for thread in threads:
        thread.start()
    if cluster:
        time.sleep(seconds / 3)
        started = time.monotonic()
        cluster.pg_ctl("restart")
        print(f"  (the database restarted in {time.monotonic() - started:.1f} s)", flush=True)
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return run


def drafts_in_database(cluster, titles):
    import psycopg

    with psycopg.connect(cluster.url) as connection:
        found = {
            row[0]
            for row in connection.execute(
                "SELECT title FROM practices_practice WHERE title = ANY(%s)", [titles]
            )
        }
    return found


def main():
    cluster = Cluster()
    static_root = Path(tempfile.mkdtemp(prefix="pfp-load-static-"))
    gunicorn = None
    try:
        cluster.start()
        env = portal_env(cluster, static_root)
        fill(cluster, env)
        port = free_port()
        gunicorn = start_gunicorn(env, port)
        base = f"http://127.0.0.1:{port}"

        print(f"Run A: {CLIENTS} clients for {SECONDS} s, half the pages uncached", flush=True)
        run_a = load(base, SECONDS)
        run_a.report("Run A: load", SECONDS)

        writer = FocalPoint(base)
        writer.sign_in()
        print("\nRun B: the same, a focal point saving drafts, the database restarted")
        run_b = load(base, SECONDS, cluster=cluster, writer=writer)
        run_b.report("Run B: load and a database restart", SECONDS)
        found = drafts_in_database(cluster, writer.saved)
        print(
            f"  drafts saved    {len(writer.saved)} answered with success, {len(found)} in "
            f"the database; not saved: {dict(writer.failed)}"
        )

        errors_a = sum(n for s, n in run_a.statuses.items() if s >= 400 or s == 0)
        ok = (
            errors_a == 0
            and not run_b.server_errors
            and writer.saved
            and len(found) == len(writer.saved)
        )
        print(
            f"\n{'PASS' if ok else 'FAIL'}: run A {errors_a} errors; run B "
            f"{len(run_b.server_errors)} server errors, "
            f"{len(writer.saved) - len(found)} successful writes missing"
        )
        return 0 if ok else 1
    finally:
        if gunicorn:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        cluster.stop()
        shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
