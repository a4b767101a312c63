"""The package that `pip install .` builds holds the whole portal and runs outside the source tree.

Production installs the wheel (the Dockerfile does), so a template, a static file or a fixture
that is missing from it breaks production while every test run from the source tree passes.
"""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2]
APPS = ["pfp", "practices", "calls_for_action", "meetings"]


# What a fresh clone does not hold: built from a copy without them, the wheel cannot pick up
# a stale build folder or a local database.
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "build", "*.egg-info", "test-artifacts", "media", "staticfiles", "*.sqlite3"
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    source = tmp_path_factory.mktemp("source") / "pfp"
    shutil.copytree(SOURCE, source, ignore=NOT_SOURCE)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(source)],
        check=True,
        cwd=out,
    )
    (path,) = out.glob("pfp-*.whl")
    return path


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    """The wheel installed into a folder of its own, as pip would install it."""
    site = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(site)]
        + [str(wheel)],
        check=True,
    )
    return site


def test_the_wheel_holds_code_templates_static_files_fixtures_and_migrations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in [
        "pfp/templates/base.html",
        "pfp/templates/practices/detail.html",
        "pfp/templates/practices/insights.html",
        "practices/world_map.json",
        "pfp/templates/portal/home.html",
        "portal/urls.py",
        "portal/management/commands/seed_demo.py",
        "pfp/static/css/pfp.css",
        "pfp/static/js/workspace.js",
        "pfp/fixtures/sdg_targets.csv",
        "pfp/fixtures/practices_from_report.csv",
        "pfp/moderation/static/moderation/admin.css",
        "pfp/__main__.py",
    ]:
        assert expected in names, expected
    for app in APPS:
        assert any(n.startswith(f"{app}/") and "/migrations/0001" in n for n in names), app
    assert any(n.endswith("/management/commands/load_pfp_data.py") for n in names)


def test_the_wheel_leaves_tests_and_development_tools_out(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if n.startswith(("tests/", "devtools/"))]


def run_installed(installed, workdir, *args):
    """Runs `python -m pfp ARGS` from the installed copy only, in a folder outside the source."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(installed),
        "DATABASE_URL": f"sqlite:///{workdir / 'pfp.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "DEBUG": "false",
        "SECRET_KEY": "packaging-test-" + "x" * 50,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
    }
    # -P: the working directory is not put on the path, so only the installed copy is found.
    return subprocess.run(
        [sys.executable, "-P", *args],
        cwd=workdir,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )


SERVE = """
import os
os.environ["DJANGO_SETTINGS_MODULE"] = "pfp.settings"
import django, pfp
from django.test import Client
django.setup()
client = Client()
for path in ["/", "/practices/", "/practices/?q=remittance", "/sdgs/targets/10.c/"]:
    response = client.get(path, secure=True)
    assert response.status_code == 200, (path, response.status_code)
print(pfp.__file__)
"""


def test_the_installed_package_migrates_loads_its_data_and_serves(installed, tmp_path):
    run_installed(installed, tmp_path, "-m", "pfp", "migrate", "--noinput", "-v0")
    loaded = run_installed(installed, tmp_path, "-m", "pfp", "load_pfp_data")
    assert "32 practices" in loaded.stdout
    collected = run_installed(installed, tmp_path, "-m", "pfp", "collectstatic", "--noinput")
    assert (tmp_path / "static" / "css" / "pfp.css").is_file(), collected.stdout
    served = run_installed(installed, tmp_path, "-c", SERVE)
    assert served.stdout.strip().startswith(str(installed))
    # Nothing was written into the installed package or beside the source tree.
    assert not (installed / "db.sqlite3").exists()
    assert not list(installed.glob("pfp/media"))
