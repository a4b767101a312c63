"""Accepting or declining an offer, withdrawing a call or an offer: each has a page that says
what will happen, whose GET changes nothing, and whose button posts the action. Only the people
who may take the action reach the page; a forged POST is refused and changes nothing."""

import pytest
from django.core import mail

from calls_for_action.models import CallForAction, Offer
from pfp.moderation.models import ReviewState
from tests.calls_for_action import cast


@pytest.fixture
def offer(call, partner):
    return cast.make_offer(call, partner)


def _states():
    return (
        sorted(Offer.objects.values_list("pk", "status", "answer")),
        sorted(CallForAction.objects.values_list("pk", "review_state")),
    )


def test_the_inbox_links_to_the_accept_and_decline_pages(client, offer, owner):
    client.force_login(owner)
    html = client.get(f"/my/calls/{offer.call_id}/offers/").content.decode()
    assert f'href="/my/calls/offers/{offer.pk}/accept/"' in html
    assert f'href="/my/calls/offers/{offer.pk}/decline/"' in html
    # No button answers the offer from the inbox itself.
    assert 'name="decision"' not in html


@pytest.mark.parametrize(
    ("decision", "heading", "says"),
    [
        ("accept", "Accept this offer?", "accepts its offer"),
        ("decline", "Decline this offer?", "cannot make another offer on this call"),
    ],
)
def test_the_answer_page_says_what_will_happen_and_changes_nothing(
    client, offer, owner, decision, heading, says
):
    client.force_login(owner)
    before = _states()
    mail.outbox.clear()

    response = client.get(f"/my/calls/offers/{offer.pk}/{decision}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert heading in html and says in html
    assert offer.organization.name in html
    assert "this cannot be undone" in html
    assert f'<form method="post" action="/my/calls/offers/{offer.pk}/{decision}/"' in html
    assert 'name="message"' in html
    assert _states() == before
    assert mail.outbox == []


def test_declining_through_the_page_declines_and_emails(
    client, offer, owner, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/my/calls/offers/{offer.pk}/decline/", {"message": "Not this year."}, follow=True
        )
    assert response.redirect_chain == [(f"/my/calls/{offer.call_id}/offers/", 302)]
    assert "You declined the offer of" in response.content.decode()
    offer.refresh_from_db()
    assert (offer.status, offer.answer) == (Offer.Status.DECLINED, "Not this year.")
    assert mail.outbox and "Not this year." in mail.outbox[0].body


def test_a_message_too_long_comes_back_with_the_summary_and_changes_nothing(client, offer, owner):
    client.force_login(owner)
    response = client.post(f"/my/calls/offers/{offer.pk}/accept/", {"message": "x" * 2001})
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-error-summary" in html and 'href="#id_message"' in html
    assert "x" * 2001 in html
    offer.refresh_from_db()
    assert offer.status == Offer.Status.NEW


@pytest.mark.parametrize("decision", ["accept", "decline"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_answered_offer_cannot_be_answered_again(client, offer, owner, decision, method):
    client.force_login(owner)
    client.post(f"/my/calls/offers/{offer.pk}/accept/", {"message": "Yes."})
    response = getattr(client, method)(f"/my/calls/offers/{offer.pk}/{decision}/", follow=True)
    assert response.redirect_chain == [(f"/my/calls/{offer.call_id}/offers/", 302)]
    assert "has been answered or withdrawn already" in response.content.decode()
    offer.refresh_from_db()
    assert (offer.status, offer.answer) == (Offer.Status.ACCEPTED, "Yes.")


@pytest.mark.parametrize("decision", ["accept", "decline"])
def test_only_the_calls_government_reaches_the_answer_pages(
    client, offer, partner, other_government, decision
):
    """Another government's focal point finds nothing (404); the offerer is no focal point (403)."""
    url = f"/my/calls/offers/{offer.pk}/{decision}/"
    before = _states()
    client.force_login(other_government)
    assert client.get(url).status_code == 404
    assert client.post(url, {"message": "Forged"}).status_code == 404
    client.force_login(partner)
    assert client.get(url).status_code == 403
    assert client.post(url, {"message": "Forged"}).status_code == 403
    assert _states() == before


def test_a_forged_post_without_its_token_is_refused(offer, owner):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post(f"/my/calls/offers/{offer.pk}/accept/", {"message": "Forged"})
    assert response.status_code == 403
    offer.refresh_from_db()
    assert offer.status == Offer.Status.NEW


def test_withdrawing_a_call_goes_through_its_page(client, owner):
    call = cast.draft_call(owner)
    url = f"/my/calls/{call.pk}/withdraw/"
    client.force_login(owner)
    edit_page = client.get(f"/my/calls/{call.pk}/").content.decode()
    assert f'<a class="button button-secondary" href="{url}">Withdraw…</a>' in edit_page

    page = client.get(url).content.decode()
    assert f"Withdraw “{call.title}”?" in page
    assert "This cannot be undone." in page
    call.refresh_from_db()
    assert call.review_state == ReviewState.DRAFT

    response = client.post(url)
    assert response.url == "/my/calls/"
    call.refresh_from_db()
    assert call.review_state == ReviewState.WITHDRAWN


def test_the_withdraw_page_of_a_published_call_says_why_it_cannot(client, call, owner):
    client.force_login(owner)
    response = client.get(f"/my/calls/{call.pk}/withdraw/", follow=True)
    assert response.redirect_chain == [(f"/my/calls/{call.pk}/", 302)]
    assert "is not possible: this item is published now" in response.content.decode()
    call.refresh_from_db()
    assert call.review_state == ReviewState.PUBLISHED


def test_withdrawing_an_offer_goes_through_its_page(client, offer, partner):
    url = f"/my/calls/offers/{offer.pk}/withdraw/"
    client.force_login(partner)
    assert f'href="{url}"' in client.get("/my/calls/offers/").content.decode()

    page = client.get(url).content.decode()
    assert "Withdraw your offer?" in page and "Nobody is emailed." in page
    offer.refresh_from_db()
    assert offer.status == Offer.Status.NEW

    client.post(url)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.WITHDRAWN
    response = client.get(url, follow=True)
    assert "has been answered or withdrawn already" in response.content.decode()
