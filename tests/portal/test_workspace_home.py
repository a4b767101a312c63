"""/my/, composed by the portal: a member sees the organization's offers only once confirmed."""

import pytest

from pfp.accounts.models import Membership
from tests.calls_for_action import cast


@pytest.fixture
def offer(reference_data):
    owner = cast.focal_point(cast.government("GH"), "owner@gh.example.org")
    call = cast.published_call(owner, cast.moderator(), title="Partners for diaspora bonds")
    return cast.make_offer(call, cast.partner("partner@ngo.example.org"))


def test_a_confirmed_member_sees_the_organizations_offers(client, offer):
    client.force_login(offer.organization.memberships.get().user)
    body = client.get("/my/").content.decode()
    assert "My offers" in body
    assert "Partners for diaspora bonds" in body


def test_an_unconfirmed_member_does_not_see_the_organizations_offers(client, offer):
    newcomer = cast.make_user("newcomer@ngo.example.org")
    Membership.objects.create(
        user=newcomer,
        organization=offer.organization,
        role=Membership.Role.MEMBER,
        confirmed=False,
    )
    client.force_login(newcomer)
    body = client.get("/my/").content.decode()
    assert offer.organization.name in body  # the organization is named, awaiting confirmation
    assert "My offers" not in body
    assert "Partners for diaspora bonds" not in body
