"""Sign-in behind a proxy: lockout by (account, real client address), and the per-account
throttle that slows guessing from many addresses without locking the real user out."""

import pytest
from django.core import mail
from django.test import Client

from tests.accounts.conftest import PASSWORD
from tests.accounts.test_login import RESET_LINK, signed_in_as

PROXY = "10.0.0.2"


@pytest.fixture
def behind_one_proxy(settings):
    """What AXES_PROXY_COUNT=1 sets: one TLS proxy that appends the client's address."""
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    return settings


def sign_in_from(client, forwarded_for, email, password):
    return client.post(
        "/accounts/login/",
        {"username": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_failures_from_one_address_do_not_lock_out_another_behind_the_same_proxy(
    behind_one_proxy, partner
):
    """Five wrong passwords from one client lock the account for that client only."""
    attacker, victim = Client(), Client()
    for _attempt in range(5):
        sign_in_from(attacker, "203.0.113.5", partner.email, "wrong password")
    assert sign_in_from(attacker, "203.0.113.5", partner.email, PASSWORD).status_code == 429

    response = sign_in_from(victim, "198.51.100.7", partner.email, PASSWORD)
    assert response.status_code == 302
    assert signed_in_as(victim) == partner


def test_forging_the_header_gives_no_more_tries(behind_one_proxy, partner):
    """A client that adds its own X-Forwarded-For entries is counted as the proxy itself:
    all such clients share one count, so forging does not buy fresh attempts."""
    attacker = Client()
    for attempt in range(5):
        sign_in_from(attacker, f"192.0.2.{attempt}, 203.0.113.5", partner.email, "wrong")
    response = sign_in_from(attacker, "192.0.2.99, 203.0.113.5", partner.email, PASSWORD)
    assert response.status_code == 429
    # The honest client at that address was never counted, nor anyone else.
    assert sign_in_from(Client(), "203.0.113.5", partner.email, PASSWORD).status_code == 302


def test_without_a_proxy_the_header_is_ignored(settings, partner):
    """With AXES_PROXY_COUNT=0 a forged X-Forwarded-For does not start a new count."""
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
    attacker = Client()
    for attempt in range(5):
        sign_in_from(attacker, f"203.0.113.{attempt}", partner.email, "wrong")
    assert sign_in_from(attacker, "203.0.113.99", partner.email, PASSWORD).status_code == 429


@pytest.fixture
def throttle(behind_one_proxy):
    behind_one_proxy.PFP_SIGNIN_ACCOUNT_FAILURES = 6
    behind_one_proxy.PFP_SIGNIN_ACCOUNT_INTERVAL_SECONDS = 60
    return behind_one_proxy


def spray(email, addresses=6):
    """One wrong password from each of many addresses: no address is ever locked out."""
    for number in range(addresses):
        sign_in_from(Client(), f"203.0.113.{number + 1}", email, "wrong password")


def test_spraying_one_account_from_many_addresses_is_slowed(throttle, partner):
    """Past the limit, a browser the account does not know is refused before the password is
    checked, even with the right one, from any address."""
    spray(partner.email)
    stranger = Client()
    response = sign_in_from(stranger, "198.51.100.50", partner.email, PASSWORD)
    assert response.status_code == 429
    assert "one attempt a minute" in response.content.decode()
    assert signed_in_as(stranger) is None


def test_the_throttle_lets_one_attempt_through_per_interval(throttle, partner):
    spray(partner.email)
    throttle.PFP_SIGNIN_ACCOUNT_INTERVAL_SECONDS = 0
    response = sign_in_from(Client(), "198.51.100.50", partner.email, PASSWORD)
    assert response.status_code == 302


def test_the_real_user_on_a_known_browser_is_not_slowed(throttle, partner):
    """The browser the user signed in with before keeps working during the attack."""
    own_browser = Client()
    assert sign_in_from(own_browser, "198.51.100.9", partner.email, PASSWORD).status_code == 302
    own_browser.post("/accounts/logout/")
    spray(partner.email)
    response = sign_in_from(own_browser, "198.51.100.77", partner.email, PASSWORD)
    assert response.status_code == 302
    assert signed_in_as(own_browser) == partner


def test_a_password_change_forgets_the_known_browsers(throttle, partner):
    own_browser = Client()
    sign_in_from(own_browser, "198.51.100.9", partner.email, PASSWORD)
    own_browser.post("/accounts/logout/")
    partner.set_password("another passphrase 99")
    partner.save()
    spray(partner.email)
    response = sign_in_from(own_browser, "198.51.100.9", partner.email, "another passphrase 99")
    assert response.status_code == 429


def test_a_password_reset_lets_the_browser_in(throttle, partner):
    """Proving the address by the reset link makes this browser known for the account."""
    spray(partner.email)
    browser = Client()
    browser.post("/accounts/password/reset/", {"email": partner.email})
    link = RESET_LINK.search(mail.outbox[-1].body).group(1)
    form_url = browser.get(link)["Location"]
    new = "a brand new passphrase 7"
    browser.post(form_url, {"new_password1": new, "new_password2": new})
    response = sign_in_from(browser, "198.51.100.60", partner.email, new)
    assert response.status_code == 302
    assert signed_in_as(browser) == partner


def test_an_unknown_account_is_throttled_alike(throttle, db):
    """The throttle does not tell whether an account exists."""
    spray("nobody@example.org")
    response = sign_in_from(Client(), "198.51.100.50", "nobody@example.org", "whatever")
    assert response.status_code == 429


def test_a_forged_device_cookie_is_ignored(throttle, partner):
    spray(partner.email)
    browser = Client()
    browser.cookies["pfp_known_device"] = "forged"
    assert sign_in_from(browser, "198.51.100.50", partner.email, PASSWORD).status_code == 429


def sign_in_to_admin(client, forwarded_for, email, password):
    return client.post(
        "/admin/login/",
        {"username": email, "password": password, "next": "/admin/"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_the_admin_sign_in_is_throttled_alike(throttle, moderator):
    """Staff accounts are the ones most worth guessing at: the admin's form is throttled."""
    spray(moderator.email)
    stranger = Client()
    response = sign_in_to_admin(stranger, "198.51.100.50", moderator.email, PASSWORD)
    assert response.status_code == 200
    assert "one attempt a minute" in response.content.decode()
    assert signed_in_as(stranger) is None


def test_signing_in_to_the_admin_makes_the_browser_known(throttle, moderator):
    own_browser = Client()
    response = sign_in_to_admin(own_browser, "198.51.100.9", moderator.email, PASSWORD)
    assert response.status_code == 302
    own_browser.post("/admin/logout/")
    spray(moderator.email)
    response = sign_in_to_admin(own_browser, "198.51.100.9", moderator.email, PASSWORD)
    assert response.status_code == 302
    assert signed_in_as(own_browser) == moderator
