"""Rate limits on sign-up, password reset and colleague invitations, and the cap on mails to
one address: a clear 429 that keeps what was typed, and no flood of mails."""

import pytest
from django.core import mail
from django.test import Client

from pfp.accounts.models import User
from tests.accounts.conftest import sent_to

PASSWORD = "a sturdy passphrase 42"


@pytest.fixture
def low_limits(settings):
    settings.PFP_RATE_LIMITS = {
        "signup": "2/h",
        "password_reset": "2/h",
        "invitation": "2/h",
        "offer": "2/h",
    }
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    return settings


def from_address(address):
    return {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": address}


def sign_up_data(partner_types, email):
    return {
        "first_name": "Lena",
        "last_name": "Haddad",
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "new_organization_name": "Diaspora Builders",
        "new_organization_type": partner_types["civil-society"].pk,
    }


def test_sign_up_is_limited_per_client_address(client, low_limits, partner_types):
    """Past the limit the form comes back (429) with what was typed, and nobody is signed up;
    a client at another address is not held back."""
    for number in range(2):
        data = sign_up_data(partner_types, f"lena{number}@diaspora.example")
        assert (
            client.post("/accounts/signup/", data, **from_address("203.0.113.5")).status_code == 302
        )
    data = sign_up_data(partner_types, "third@diaspora.example")
    response = client.post("/accounts/signup/", data, **from_address("203.0.113.5"))
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many requests" in page
    assert 'value="third@diaspora.example"' in page
    assert 'value="Diaspora Builders"' in page
    assert PASSWORD not in page
    assert not User.objects.filter(email="third@diaspora.example").exists()

    other = Client().post("/accounts/signup/", data, **from_address("198.51.100.7"))
    assert other.status_code == 302


def test_password_reset_is_limited_per_client_address(client, low_limits, partner):
    for _attempt in range(2):
        client.post(
            "/accounts/password/reset/", {"email": partner.email}, **from_address("203.0.113.5")
        )
    response = client.post(
        "/accounts/password/reset/", {"email": partner.email}, **from_address("203.0.113.5")
    )
    assert response.status_code == 429
    assert f'value="{partner.email}"' in response.content.decode()
    assert len(mail.outbox) == 2


def test_one_address_gets_a_capped_number_of_mails_whoever_asks(settings, partner):
    """Resets asked from many addresses: the mailbox gets the cap, the pages look the same."""
    settings.PFP_MAILS_PER_ADDRESS = "3/h"
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    for number in range(6):
        response = Client().post(
            "/accounts/password/reset/",
            {"email": partner.email},
            **from_address(f"203.0.113.{number + 1}"),
        )
        assert response.status_code == 302
        assert response["Location"] == "/accounts/password/reset/sent/"
    assert len(sent_to(partner.email)) == 3


def test_sign_up_confirmations_to_one_address_are_capped(
    settings, partner_types, django_capture_on_commit_callbacks
):
    settings.PFP_MAILS_PER_ADDRESS = "2/h"
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    data = sign_up_data(partner_types, "victim@example.org")
    for number in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            Client().post("/accounts/signup/", data, **from_address(f"203.0.113.{number + 1}"))
    assert len(sent_to("victim@example.org")) == 2


def test_the_confirmation_does_not_greet_with_the_name_typed(
    client, partner_types, django_capture_on_commit_callbacks
):
    """The address is not proven yet: the name is whatever the sender chose."""
    data = {
        **sign_up_data(partner_types, "stranger@example.org"),
        "first_name": "Claim your prize at evil.example",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", data)
    (message,) = sent_to("stranger@example.org")
    assert "evil.example" not in message.body
    assert message.body.startswith("Hello,")


def test_colleague_invitations_are_limited_per_account(low_limits, focal_gh):
    """Per account too: changing address does not help a focal point past the limit."""
    for number in range(2):
        browser = Client()
        browser.force_login(focal_gh)
        browser.post(
            "/accounts/colleagues/invite/",
            {"email": f"colleague{number}@gov.gh.example"},
            **from_address(f"203.0.113.{number + 1}"),
        )
    browser = Client()
    browser.force_login(focal_gh)
    response = browser.post(
        "/accounts/colleagues/invite/",
        {"email": "third@gov.gh.example"},
        **from_address("198.51.100.9"),
    )
    assert response.status_code == 429
    assert 'value="third@gov.gh.example"' in response.content.decode()
    assert not focal_gh.invitations_sent.filter(email="third@gov.gh.example").exists()


def test_a_failing_cache_lets_requests_through(settings, partner_types, monkeypatch):
    """A cache outage must not stop sign-ups: the limit is then not applied."""
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "add", broken)
    response = Client().post("/accounts/signup/", sign_up_data(partner_types, "ok@example.org"))
    assert response.status_code == 302
