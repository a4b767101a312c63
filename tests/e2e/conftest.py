"""The browser harness: Debian's Chromium driven by Playwright against pytest-django's live server.

Every test under tests/e2e/ is marked `e2e`. A test asks for `browse` and gets, on every page it
opens, an axe-core audit and a check for console errors, uncaught page errors and server errors:

    def test_it_opens_a_goal(browse, reference_data):
        browse("/sdgs/")                              # opens, checks the status, audits
        browse.follow(browse.page.get_by_role("link", name="10 Reduced inequalities"))
        browse.page.get_by_label("Language").focus()  # any in-page interaction, then
        browse.check()                                # audit the page as it is now

`browse(path, status=404)` expects another status; `with browse.navigation(): ...` wraps any
action that opens a page (a form submitted with Enter). A page that was opened but never
audited fails the test at teardown, so no navigation slips through unchecked. The `page` and
`context` fixtures are Playwright's own, fresh for each test; `assert_accessible(page)` in
tests/e2e/harness.py audits any page outside `browse`.

Chromium is never downloaded: the harness runs the system's binary (env CHROMIUM, default
/usr/bin/chromium). Without it the tests are skipped, or fail when CI=true.
"""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.e2e.harness import Browse

E2E_DIR = Path(__file__).resolve().parent

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1280, "height": 900}
# Generous for a 2-core machine running the suite in parallel; a healthy page loads in < 1 s.
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        # `browse` then keeps its teardown report to itself: the failure says it already.
        item.e2e_call_failed = True
    return report


def _chromium_path():
    configured = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    return shutil.which(configured) or (configured if os.access(configured, os.X_OK) else None)


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for all the browser tests.

    Package-scoped rather than session-scoped: while Playwright's sync API runs, this thread has
    an asyncio loop marked as running. Django then refuses ORM calls (the data fixtures, the
    live server's database flush) unless DJANGO_ALLOW_ASYNC_UNSAFE is set, and asgiref's
    async_to_sync refuses to run at all. Stopping Playwright when tests/e2e/ is done keeps the
    rest of the suite out of that state; the flag is set only for as long as the browser runs.
    """
    executable = _chromium_path()
    if executable is None:
        reason = (
            f"Chromium not found at {os.environ.get('CHROMIUM', '/usr/bin/chromium')!r}: "
            "install Debian's chromium package or point CHROMIUM at the binary"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)

    previous_flag = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous_flag is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous_flag


@pytest.fixture
def context(browser):
    """A fresh browser context per test: no cookies, storage or cache carried over."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def browse(request, page, live_server):
    """Open live-server pages with an accessibility audit and error checks on each."""
    session = Browse(page, live_server.url)
    yield session
    if not getattr(request.node, "e2e_call_failed", False):
        session.close()
