"""Offers are rate-limited per client address and per account; the form keeps what was typed."""

from calls_for_action.models import Offer
from tests.calls_for_action import cast


def test_offers_past_the_limit_get_a_429_that_keeps_the_text(client, settings, call, partner):
    settings.PFP_RATE_LIMITS = {**settings.PFP_RATE_LIMITS, "offer": "1/h"}
    client.force_login(partner)
    first = cast.offer_fields()
    assert client.post(f"/calls/{call.slug}/offer/", first).status_code == 302
    changed = cast.offer_fields(message="We also run a mentoring scheme.")
    response = client.post(f"/calls/{call.slug}/offer/", changed)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many requests" in page
    assert "We also run a mentoring scheme." in page
    assert Offer.objects.get().message == first["message"]
