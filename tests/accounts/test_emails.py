"""The accounts mails share the portal's one frame: prefix, greeting, link, sign-off, HTML."""

import pytest

from pfp.accounts import emails
from tests.accounts.conftest import make_user
from tests.emails import assert_house_style

pytestmark = pytest.mark.django_db


def test_the_confirmation_greets_no_name_and_links_to_confirm(mailoutbox):
    user = make_user("new@ngo.example", first_name="<Mallory>", is_active=False)
    emails.send_email_confirmation(user)
    (message,) = mailoutbox
    assert message.body.startswith("Hello,\n")
    assert "Mallory" not in message.body
    assert_house_style(message, link="/accounts/confirm/")


def test_the_password_reset_is_in_the_frame(client, partner, mailoutbox):
    client.post("/accounts/password/reset/", {"email": partner.email})
    (message,) = mailoutbox
    assert message.subject == "[GFMD PfP] Reset your password on the GFMD Platform for Partnerships"
    assert_house_style(message, link="/accounts/password/reset/")


def test_the_account_exists_notice_links_to_sign_in(partner, mailoutbox):
    emails.send_account_exists(partner)
    (message,) = mailoutbox
    assert_house_style(message, link="/accounts/login/")
