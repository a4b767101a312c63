"""A NUL character in a request is never a server error (PostgreSQL refuses NUL in text)."""

import pytest

from tests.practices import workspace_cast as cast

pytestmark = pytest.mark.django_db


def test_a_nul_in_the_path_is_not_found(client, reference_data):
    """No page has a NUL in its address."""
    assert client.get("/sdgs/targets/%00/").status_code == 404
    assert client.get("/practices/a%00b/").status_code == 404


def test_a_nul_in_a_search_is_dropped(client, reference_data):
    """The search runs on what was typed around it."""
    response = client.get("/calls/?q=a%00b")
    assert response.status_code == 200
    response = client.get("/practices/?q=remit%00tance&country=G%00H")
    assert response.status_code == 200


def test_a_nul_in_a_query_string_key_is_dropped(client, reference_data):
    response = client.get("/practices/?th%00eme=remittances")
    assert response.status_code == 200


def test_a_nul_in_a_form_field_is_dropped(client, reference_data):
    """A sign-in with a NUL in the address is an ordinary failed sign-in, not a 500."""
    response = client.post(
        "/accounts/login/", {"username": "nobody\x00@example.org", "password": "wrong\x00pass"}
    )
    assert response.status_code == 200
    assert "nobody@example.org" in response.content.decode()


def test_a_nul_in_an_offer_is_dropped(client, reference_data):
    """An offer whose message carries a NUL is saved without it."""
    from calls_for_action.models import Offer
    from tests.calls_for_action import cast as calls_cast

    ghana = cast.government("GH")
    call = calls_cast.published_call(cast.focal_point(ghana), cast.moderator())
    client.force_login(cast.partner())
    data = calls_cast.offer_fields(message="We train\x00 nurses.", contact_name="Ana\x00 Cruz")
    response = client.post(f"/calls/{call.slug}/offer/", data)
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert offer.message == "We train nurses."
    assert offer.contact_name == "Ana Cruz"
