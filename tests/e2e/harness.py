"""The browser harness's checks: axe-core audits and the page watcher behind `browse`.

The fixtures that use them live in tests/e2e/conftest.py, with an example of use.
"""

from contextlib import contextmanager
from urllib.parse import urljoin

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()


class AccessibilityViolations(AssertionError):
    """axe-core found violations; the message lists them."""


def format_violations(violations, url):
    """axe's violations as a list a person can act on: rule, impact, help, where."""
    lines = [f"axe-core found {len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'no impact given'}): "
            f"{violation['help']}\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            # One selector per nested frame or shadow root.
            target = " >>> ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").strip()
            for summary_line in summary.splitlines():
                lines.append(f"       {summary_line.strip()}")
    return "\n".join(lines)


def assert_accessible(page, context=None):
    """Run axe-core (its default rules: WCAG 2.x A and AA plus best practices) on the page.

    `context` narrows the audit to part of the page, in axe's terms (a selector, or a dict
    with include / exclude).
    """
    results = _axe.run(page, context=context)
    violations = results.response["violations"]
    if violations:
        raise AccessibilityViolations(format_violations(violations, page.url))


class Browse:
    """Opens pages of the live server and checks each one; see tests/e2e/conftest.py."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url.rstrip("/") + "/"
        self.problems = []  # console errors, uncaught errors, server errors, not yet reported
        self.documents = []  # URLs of the documents the page loaded, in order
        self.audited = 0  # how many of them have been audited
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)
        page.on("response", self._on_response)

    def __call__(self, path, *, status=200):
        """Open `path` on the live server, check that it answered `status`, audit it."""
        response = self.page.goto(urljoin(self.base_url, path.lstrip("/")))
        return self._audit_document(response, status)

    @contextmanager
    def navigation(self, *, status=200):
        """Wrap an action that opens another page; the page it opens is checked and audited.

        with browse.navigation():
            page.get_by_label("Search the practices").press("Enter")
        """
        with self.page.expect_navigation() as navigation:
            yield
        self._audit_document(navigation.value, status)

    def follow(self, locator, *, status=200):
        """Click a link (a Playwright locator) and audit the page it opens."""
        with self.navigation(status=status):
            locator.click()
        return self.page

    def check(self, context=None):
        """Audit the page as it is now, e.g. after an in-page interaction."""
        self._raise_problems()
        assert_accessible(self.page, context=context)
        self.audited = len(self.documents)

    def close(self):
        """Report what the test left unreported; the fixture calls it at teardown."""
        self._raise_problems()
        unaudited = self.documents[self.audited :]
        if unaudited:
            raise AssertionError(
                "Pages were opened but never audited: "
                + ", ".join(unaudited)
                + ". Open pages with browse(path), browse.follow(link) or browse.navigation(),"
                " or call browse.check() once the page is loaded."
            )

    def _audit_document(self, response, status):
        assert response is not None, f"No new document was loaded for {self.page.url}"
        assert response.status == status, (
            f"{response.url} answered {response.status}, expected {status}"
        )
        self.check()
        return response

    def _raise_problems(self):
        if self.problems:
            problems, self.problems = self.problems, []
            raise AssertionError("The browser reported problems:\n- " + "\n- ".join(problems))

    def _on_console(self, message):
        if message.type != "error":
            return
        location = message.location.get("url", "")
        # Chromium logs a document's 4xx status as a console error; the document's status is
        # checked against the test's expectation instead (a 404 page is sometimes the point).
        if location in self.documents and message.text.startswith("Failed to load resource"):
            return
        self.problems.append(f"console error at {location or self.page.url}: {message.text}")

    def _on_page_error(self, error):
        self.problems.append(f"uncaught error on {self.page.url}: {error}")

    def _on_response(self, response):
        if response.status >= 500:
            self.problems.append(f"{response.url} answered {response.status}")
        is_document = (
            response.request.is_navigation_request() and response.frame == self.page.main_frame
        )
        # A redirect is not a page; the document it leads to is.
        if is_document and not 300 <= response.status < 400:
            self.documents.append(response.url)
