"""The offer emails: the government hears of an offer, the partner gets a receipt and the
decision, each in the portal's one mail frame."""

import pytest
from django.core import mail

from calls_for_action import services
from tests.calls_for_action import cast
from tests.emails import assert_house_style

pytestmark = pytest.mark.django_db


def sent_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_an_offer_emails_the_government_and_gives_the_partner_a_receipt(
    call, partner, owner, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cast.make_offer(call, partner, message="We run **training** <img src=x onerror=alert(1)>")
    (received,) = sent_to(owner.email)
    assert received.subject.startswith("[GFMD PfP] New offer from")
    html = assert_house_style(received, link=f"/my/calls/{call.pk}/offers/")
    assert "We run training" in received.body
    assert "<strong>training</strong>" in html and "onerror" not in html
    for address in (partner.email, "ana@ngo.example.org"):
        (receipt,) = sent_to(address)
        assert receipt.subject == f"[GFMD PfP] Your offer on “{call.title}” was sent"
        assert "Hello Ana Cruz," in receipt.body
        assert "What happens next" in receipt.body
        assert_house_style(receipt, link="/my/calls/offers/")


@pytest.mark.parametrize("accept, word", [(True, "accepted"), (False, "declined")])
def test_the_partner_is_emailed_the_decision(
    call, partner, owner, accept, word, django_capture_on_commit_callbacks
):
    offer = cast.make_offer(call, partner)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_answer(offer=offer, actor=owner, accept=accept, message="See **you**.")
    (decision,) = sent_to(partner.email)
    assert decision.subject == f"[GFMD PfP] Your offer on “{call.title}” was {word}"
    html = assert_house_style(decision, link="/my/calls/offers/")
    assert "See you." in decision.body and "<strong>you</strong>" in html


def test_a_title_is_escaped_in_the_html_part(
    owner, moderator, partner, django_capture_on_commit_callbacks
):
    call = cast.published_call(owner, moderator, title="Jobs <script>alert(1)</script> & more")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cast.make_offer(call, partner)
    (received,) = sent_to(owner.email)
    html = assert_house_style(received)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<script>alert(1)</script>" in received.body
