"""Sign in, sign out, password change and reset, and the lockout after repeated failures.

These tests post to the sign-in form itself, so they go through django-axes as people do.
"""

import re

import pytest
from django.core import mail

from pfp.accounts.models import User
from tests.accounts.conftest import PASSWORD

NEW_PASSWORD = "a brand new passphrase 7"
RESET_LINK = re.compile(r"https://pfp\.example\.org(/accounts/password/reset/[^\s/]+/[^\s/]+/)")


def sign_in(client, email, password, **extra):
    return client.post("/accounts/login/", {"username": email, "password": password, **extra})


def signed_in_as(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_it_shows_the_sign_in_form(client, db):
    """The form asks for an email address and a password, each with a label, under one h1."""
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert '<label for="id_username">Email address' in page
    assert '<label for="id_password">Password' in page
    assert "csrfmiddlewaretoken" in page


def test_it_signs_in_and_goes_to_the_workspace(client, partner):
    """A correct email and password sign in and lead to /my/."""
    response = sign_in(client, partner.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/my/"
    assert signed_in_as(client) == partner


def test_it_ignores_the_case_of_the_address(client, partner):
    """Addresses are matched whatever their case."""
    response = sign_in(client, "  " + partner.email.upper(), PASSWORD)
    assert response.status_code == 302
    assert signed_in_as(client) == partner


def test_it_follows_a_safe_next(client, partner):
    """After signing in, the user goes back where they were sent from."""
    response = sign_in(client, partner.email, PASSWORD, next="/practices/")
    assert response["Location"] == "/practices/"


def test_it_ignores_an_offsite_next(client, partner):
    """A next pointing elsewhere is not followed (no open redirect)."""
    response = sign_in(client, partner.email, PASSWORD, next="https://evil.example/")
    assert response["Location"] == "/my/"


def test_it_refuses_a_wrong_password_with_an_alert(client, partner):
    """A wrong password keeps the user out, says so in an alert, and keeps the address."""
    response = sign_in(client, partner.email, "wrong password")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "Please enter a correct email address and password" in page
    assert f'value="{partner.email}"' in page
    assert signed_in_as(client) is None


def test_it_redirects_visitors_to_the_sign_in_page(client, db):
    """Pages for signed-in users send visitors to sign in, with a way back (LOGIN_URL)."""
    response = client.get("/accounts/password/change/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/password/change/"


def test_it_signs_out_with_a_post(client, partner):
    """Signing out is a POST (a link could be followed by anyone's page); GET is refused."""
    client.force_login(partner)
    assert client.get("/accounts/logout/").status_code == 405
    assert signed_in_as(client) == partner
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_as(client) is None


def test_it_offers_sign_in_or_sign_out_in_the_header(client, partner):
    """Visitors see "Sign in"; signed-in users a sign-out form with a CSRF token."""
    page = client.get("/about/").content.decode()
    assert 'href="/accounts/login/"' in page
    client.force_login(partner)
    page = client.get("/about/").content.decode()
    assert re.search(r'<form class="sign-out" method="post" action="/accounts/logout/">', page)
    assert "My workspace" in page
    assert "csrfmiddlewaretoken" in page


def test_it_changes_the_password(client, partner):
    """A signed-in user changes their password after giving the old one."""
    client.force_login(partner)
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/change/done/"
    assert client.get(response["Location"]).status_code == 200
    partner.refresh_from_db()
    assert partner.check_password(NEW_PASSWORD)


def test_it_validates_a_new_password(client, partner):
    """The password validators apply to a change."""
    client.force_login(partner)
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": "password", "new_password2": "password"},
    )
    assert response.status_code == 200
    assert "This password is too common" in response.content.decode()


def test_it_resets_a_forgotten_password_by_email(client, partner):
    """The reset link, built on PFP_SITE_URL, lets the user choose a new password once."""
    response = client.post("/accounts/password/reset/", {"email": partner.email})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/sent/"
    (message,) = mail.outbox
    assert message.to == [partner.email]
    link = RESET_LINK.search(message.body).group(1)

    response = client.get(link)
    assert response.status_code == 302  # to a URL without the token, kept in the session
    form_url = response["Location"]
    assert client.get(form_url).status_code == 200
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    assert sign_in(client, partner.email, NEW_PASSWORD).status_code == 302

    client.logout()
    again = client.get(link)
    assert again.status_code == 200
    assert "This link does not work" in again.content.decode()


def test_it_does_not_say_whether_an_address_has_an_account(client, db):
    """Asking a reset for an unknown address looks the same, and sends nothing."""
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_it_builds_reset_links_on_the_site_address_not_the_host_header(client, partner, settings):
    """A forged Host header cannot redirect the reset link to another site."""
    settings.ALLOWED_HOSTS = ["*"]
    client.post(
        "/accounts/password/reset/", {"email": partner.email}, headers={"host": "evil.example"}
    )
    assert "evil.example" not in mail.outbox[0].body
    assert "https://pfp.example.org/accounts/password/reset/" in mail.outbox[0].body


@pytest.mark.parametrize("failures", [5])
def test_it_locks_out_after_repeated_failures(client, partner, failures):
    """After five failures even the right password is refused, with the lockout page."""
    for _attempt in range(failures):
        sign_in(client, partner.email, "wrong password")
    response = sign_in(client, partner.email, PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed attempts to sign in" in page
    assert "Try again in 30 minutes" in page
    assert signed_in_as(client) is None


def test_it_counts_failures_whatever_the_case_of_the_address(client, partner):
    """Changing the case of the address does not start a new count."""
    for attempt in range(5):
        email = partner.email.upper() if attempt % 2 else partner.email
        sign_in(client, email, "wrong password")
    assert sign_in(client, partner.email, PASSWORD).status_code == 429


def test_it_locks_out_one_account_not_the_address(client, partner, focal_gh):
    """The lockout is for the account name from this address: others still sign in."""
    for _attempt in range(5):
        sign_in(client, partner.email, "wrong password")
    response = sign_in(client, focal_gh.email, PASSWORD)
    assert response.status_code == 302
    assert signed_in_as(client) == focal_gh


def test_it_resets_the_count_on_success(client, partner):
    """Four failures, a success, four more failures: the account is not locked."""
    for _attempt in range(4):
        sign_in(client, partner.email, "wrong password")
    assert sign_in(client, partner.email, PASSWORD).status_code == 302
    client.logout()
    for _attempt in range(4):
        sign_in(client, partner.email, "wrong password")
    response = sign_in(client, partner.email, PASSWORD)
    assert response.status_code == 302
    assert signed_in_as(client) == partner


def test_it_lifts_the_lockout_on_password_reset(client, partner):
    """Whoever proves they own the address by the reset link can sign in again."""
    for _attempt in range(5):
        sign_in(client, partner.email, "wrong password")
    client.post("/accounts/password/reset/", {"email": partner.email})
    link = RESET_LINK.search(mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = sign_in(client, partner.email, NEW_PASSWORD)
    assert response.status_code == 302
    assert signed_in_as(client) == partner
