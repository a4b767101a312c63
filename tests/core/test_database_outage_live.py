"""The database really goes away under a running server, and comes back.

The test starts its own PostgreSQL cluster in a temporary folder (never the machine's shared
one), serves the portal from it with gunicorn and production settings, stops the cluster,
and checks what visitors get: cached pages still 200, the rest a plain 503 with Retry-After,
never a 500; liveness still 200 and readiness 503. Then it starts the cluster again and the
pages come back without a restart of the server.

It needs PostgreSQL's server programs (initdb, pg_ctl): where they are missing it is skipped,
except with CI=true, where that fails.
"""

import contextlib
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.postgres

BASE_DIR = Path(__file__).resolve().parents[2]
PORTS = range(55400, 55500)


def server_programs():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not found:
        message = "PostgreSQL's server programs (initdb, pg_ctl) are not installed"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI=true requires this test.")
        pytest.skip(message)
    return Path(found[-1]).parent


def free_port(candidates):
    for port in candidates:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port")


class Cluster:
    def __init__(self, programs, folder, port):
        self.programs = programs
        self.folder = folder
        self.port = port
        self.data = folder / "data"
        self.log = folder / "postgres.log"
        # PostgreSQL refuses to run as root: as root, it runs as the postgres user.
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, program, *args):
        command = [*self.as_owner, str(self.programs / program), *args]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def create(self):
        self.run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self):
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")


@pytest.fixture(scope="module")
def cluster():
    programs = server_programs()
    folder = Path(tempfile.mkdtemp(prefix="pfp-outage-"))
    cluster = Cluster(programs, folder, free_port(PORTS))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    try:
        cluster.create()
        cluster.start()
        yield cluster
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def server(cluster):
    """gunicorn with production settings on the test's own cluster."""
    media = Path(tempfile.mkdtemp(prefix="pfp-outage-media-"))
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "pfp.settings",
        "PYTHONDONTWRITEBYTECODE": "1",
        "DEBUG": "false",
        "SECRET_KEY": "outage-test-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "DATABASE_URL": cluster.url,
        "MEDIA_ROOT": str(media),
        "PFP_PAGE_CACHE_SECONDS": "300",
        "PFP_REQUIRE_2FA_FOR_STAFF": "false",
    }
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput", "-v0"], ["load_pfp_data", "-v0"]):
        subprocess.run(manage + command, cwd=BASE_DIR, env=env, check=True, timeout=300)
    port = free_port(range(18105, 18200))
    log = open(media / "gunicorn.log", "w+")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "pfp.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            get(base + "/healthz")
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                log.seek(0)
                pytest.fail("gunicorn did not start:\n" + log.read())
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=30)
    log.close()
    shutil.rmtree(media, ignore_errors=True)


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our server
            return Answer(response.status, response.headers, response.read().decode())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers, error.read().decode())


def test_pages_survive_the_database_going_away_and_coming_back(cluster, server):
    # Visitors fill the page cache.
    assert get(server + "/practices/").status == 200
    assert get(server + "/sdgs/").status == 200
    assert get(server + "/practices/").headers["X-PfP-Cache"] == "hit"

    cluster.stop()
    try:
        cached = get(server + "/practices/")
        assert cached.status == 200
        assert cached.headers["X-PfP-Cache"] == "hit"
        assert get(server + "/sdgs/").status == 200

        for path in ("/practices/?theme=diaspora", "/calls/", "/practices/?q=remittances"):
            answer = get(server + path)
            assert answer.status == 503, path
            assert answer.headers["Retry-After"] == "30"
            assert "briefly unavailable" in answer.body
            assert "Traceback" not in answer.body and "psycopg" not in answer.body

        assert get(server + "/healthz").status == 200
        ready = get(server + "/readyz")
        assert ready.status == 503
        assert json.loads(ready.body)["checks"]["database"] == "unavailable"
    finally:
        cluster.start()

    # Back without restarting the server: the broken connection is replaced.
    assert get(server + "/practices/?theme=diaspora").status == 200
    assert get(server + "/calls/").status == 200
    assert get(server + "/readyz").status == 200
