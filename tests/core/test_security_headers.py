"""Every response carries the usual security headers and a Content Security Policy that
allows no inline script; every form carries a CSRF token, and the server checks it."""

import re
from pathlib import Path

import pytest
from django.test import Client

from pfp.accounts.models import User

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
PAGES = ["/", "/practices/", "/admin/login/", "/no-such-page/", "/accounts/login/"]


def directives(response):
    policy = response["Content-Security-Policy"]
    parsed = {}
    for directive in policy.split(";"):
        name, *values = directive.split()
        parsed[name] = values
    return parsed


def assert_security_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]


@pytest.mark.parametrize("path", PAGES)
def test_it_sends_the_security_headers(client, reference_data, path):
    """Public pages, the admin's sign-in page and a 404 all carry the headers."""
    response = client.get(path)
    assert response.status_code == (404 if path == "/no-such-page/" else 200)
    assert_security_headers(response)


@pytest.mark.parametrize("path", PAGES)
def test_it_allows_no_inline_script(client, reference_data, path):
    """script-src allows neither 'unsafe-inline' nor 'unsafe-eval'."""
    script_src = directives(client.get(path))["script-src"]
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src


def test_it_sends_the_headers_on_admin_pages_and_redirects(client, settings, db):
    """Admin pages, and the redirect to the second factor, carry the headers too."""
    staff = User.objects.create_user(email="staff@gfmd.example", is_staff=True, is_superuser=True)
    client.force_login(staff)
    assert_security_headers(client.get("/admin/accounts/invitation/"))
    settings.PFP_REQUIRE_2FA_FOR_STAFF = True
    redirect = client.get("/admin/")
    assert redirect.status_code == 302
    assert_security_headers(redirect)
    assert_security_headers(client.get("/accounts/two-factor/"))


def test_it_has_no_inline_script_in_our_templates():
    """No template has an inline <script> or an on…= handler attribute: the CSP would block it."""
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text, flags=re.IGNORECASE):
            # Data blocks (JSON, JSON-LD) are never executed, so the policy does not apply.
            if "src=" not in tag and not re.search(r'type="application/(ld\+)?json"', tag):
                offenders.append(f"{template.relative_to(TEMPLATES)}: {tag}")
        for handler in re.findall(r"<[^>]*\son[a-z]+\s*=", text, flags=re.IGNORECASE):
            offenders.append(f"{template.relative_to(TEMPLATES)}: {handler}")
    assert offenders == []


def test_it_puts_a_csrf_token_in_every_post_form():
    """Every form posting to the site includes {% csrf_token %}."""
    missing = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        for form in re.findall(r"<form\b.*?</form>", text, flags=re.IGNORECASE | re.DOTALL):
            opening = form.split(">", 1)[0]
            if 'method="post"' not in opening.lower():
                continue
            # The language switcher posts to a view that is csrf_exempt on purpose (pfp/urls.py).
            if "set_language" in opening:
                continue
            if "{% csrf_token %}" not in form:
                missing.append(f"{template.relative_to(TEMPLATES)}: {opening}>")
    assert missing == []


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
def test_it_refuses_a_post_without_a_csrf_token(db, path):
    """The server checks the token: a form posted from elsewhere is refused."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(path, {"username": "x@example.org", "password": "x", "email": "x"})
    assert response.status_code == 403
