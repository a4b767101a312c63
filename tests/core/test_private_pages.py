"""Pages for a signed-in user are never kept by a shared or browser cache."""

import pytest

from calls_for_action import services
from tests.calls_for_action import cast as calls_cast
from tests.practices import workspace_cast as cast

pytestmark = pytest.mark.django_db


def no_store(response):
    return "no-store" in response.get("Cache-Control", "")


@pytest.fixture
def ghana_focal_point(reference_data):
    return cast.focal_point(cast.government("GH"))


def test_the_workspace_is_no_store(client, ghana_focal_point):
    client.force_login(ghana_focal_point)
    response = client.get("/my/")
    assert response.status_code == 200
    assert no_store(response)
    assert "private" in response["Cache-Control"]


def test_the_offers_inbox_with_contacts_is_no_store(client, ghana_focal_point):
    """The government's inbox shows the partners' emails and phones."""
    call = calls_cast.published_call(ghana_focal_point, cast.moderator())
    fields = calls_cast.offer_fields(contact_phone="+63 2 555 0100")
    services.offer_make(call=call, actor=cast.partner(), fields=fields)
    client.force_login(ghana_focal_point)
    response = client.get(f"/my/calls/{call.pk}/offers/")
    assert response.status_code == 200
    assert "+63 2 555 0100" in response.content.decode()
    assert no_store(response)


def test_account_pages_of_a_signed_in_user_are_no_store(client, ghana_focal_point):
    client.force_login(ghana_focal_point)
    response = client.get("/accounts/password/change/")
    assert response.status_code == 200
    assert no_store(response)


def test_a_public_page_seen_by_a_signed_in_user_is_no_store(client, ghana_focal_point):
    """The header and menus name the user, so even a public page is private to them."""
    client.force_login(ghana_focal_point)
    assert no_store(client.get("/practices/"))


def test_the_workspace_redirect_for_a_visitor_is_no_store(client):
    response = client.get("/my/")
    assert response.status_code == 302
    assert no_store(response)


def test_public_pages_for_visitors_stay_cacheable(client, reference_data):
    assert not no_store(client.get("/practices/"))
    assert not no_store(client.get("/sdgs/"))


def test_a_response_declared_public_is_left_alone(client, ghana_focal_point, settings):
    """A view that says its answer is public (a feed, say) keeps its Cache-Control."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from pfp.core.middleware import PrivatePageMiddleware

    def public_view(request):
        response = HttpResponse("x")
        response["Cache-Control"] = "public, max-age=60"
        return response

    request = RequestFactory().get("/feeds/practices/")
    request.user = ghana_focal_point
    response = PrivatePageMiddleware(public_view)(request)
    assert response["Cache-Control"] == "public, max-age=60"


def test_a_response_already_no_store_is_left_alone(ghana_focal_point):
    from django.http import HttpResponse
    from django.test import RequestFactory

    from pfp.core.middleware import PrivatePageMiddleware

    def download(request):
        response = HttpResponse("x")
        response["Cache-Control"] = "private, no-store"
        return response

    request = RequestFactory().get("/media/practices/attachments/x.pdf")
    request.user = ghana_focal_point
    assert PrivatePageMiddleware(download)(request)["Cache-Control"] == "private, no-store"
