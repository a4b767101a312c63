"""Joining an existing organization is a request that its confirmed members or staff decide.

The attack this closes: sign up naming a verified organization, confirm your own address, and
act for the organization (see its offers, withdraw a colleague's, offer in its name).
"""

import pytest
from django.core import mail

from pfp.accounts import services
from pfp.accounts.models import JoinRequest, Membership
from pfp.accounts.roles import organization_of
from pfp.accounts.tokens import make_email_confirmation_token
from tests.accounts.conftest import make_user, only_link, sent_to

EMAIL = "intruder@elsewhere.example"
PASSWORD = "a sturdy passphrase 42"


@pytest.fixture
def request_to_join(client, ngo, django_capture_on_commit_callbacks):
    """Sign up naming the verified organization `ngo`, and confirm the address."""

    def request_to_join(email=EMAIL, organization=ngo):
        data = {
            "first_name": "Ivo",
            "last_name": "Trent",
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "organization": organization.pk,
        }
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/accounts/signup/", data)
        link = only_link(sent_to(email)[-1])
        with django_capture_on_commit_callbacks(execute=True):
            client.post(link)
        return JoinRequest.objects.get(user__email=email)

    return request_to_join


def test_confirming_the_address_does_not_make_a_member(request_to_join, ngo):
    """After sign-up and confirmation the newcomer acts for nothing: the request awaits."""
    join_request = request_to_join()
    user = join_request.user
    assert user.is_active
    assert join_request.status == JoinRequest.Status.PENDING
    assert join_request.organization == ngo
    assert not Membership.objects.filter(user=user).exists()
    assert organization_of(user) is None


def test_the_founder_of_a_new_organization_acts_for_it(
    client, partner_types, countries, django_capture_on_commit_callbacks
):
    """Founding an organization needs nobody's approval: it is new, and shown unverified."""
    data = {
        "first_name": "Lena",
        "email": "lena@diaspora.example",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "new_organization_name": "Diaspora Builders",
        "new_organization_type": partner_types["civil-society"].pk,
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", data)
    client.post(only_link(mail.outbox[0]))
    user = Membership.objects.get(user__email="lena@diaspora.example").user
    assert organization_of(user).name == "Diaspora Builders"
    assert not organization_of(user).verified
    assert not JoinRequest.objects.exists()


def test_members_are_told_once_the_address_is_confirmed_not_before(
    client, ngo, partner, django_capture_on_commit_callbacks
):
    """The organization's confirmed members are emailed a link to decide, only once the
    requester has proven the address (else anyone could flood them with requests)."""
    data = {
        "first_name": "Ivo",
        "email": EMAIL,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "organization": ngo.pk,
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", data)
    assert sent_to(partner.email) == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(only_link(sent_to(EMAIL)[0]))
    (message,) = sent_to(partner.email)
    assert f"{EMAIL} signed up" in message.body
    assert "https://pfp.example.org/accounts/organization/requests/" in message.body
    assert ngo.name in message.subject


def test_staff_are_told_when_no_member_can_decide(request_to_join, ngo, moderator):
    """An organization with no confirmed member yet depends on GFMD staff."""
    request_to_join()
    (message,) = sent_to(moderator.email)
    assert "/admin/accounts/joinrequest/" in message.body


def test_a_member_approves_and_the_newcomer_acts_for_the_organization(
    client, request_to_join, ngo, partner, django_capture_on_commit_callbacks
):
    join_request = request_to_join()
    client.force_login(partner)
    page = client.get("/accounts/organization/requests/")
    assert page.status_code == 200
    assert EMAIL in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/organization/requests/",
            {"request": join_request.pk, "decision": "approve"},
        )
    assert response.status_code == 302
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.APPROVED
    assert join_request.decided_by == partner
    assert organization_of(join_request.user) == ngo
    (message,) = [m for m in sent_to(EMAIL) if "approved" in m.body]
    assert "You are now a member" in message.subject


def test_a_member_declines_and_the_newcomer_stays_outside(
    client, request_to_join, partner, django_capture_on_commit_callbacks
):
    join_request = request_to_join()
    client.force_login(partner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/organization/requests/",
            {"request": join_request.pk, "decision": "decline"},
        )
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.DECLINED
    assert not Membership.objects.filter(user=join_request.user).exists()
    assert organization_of(join_request.user) is None
    assert any("declined" in message.subject for message in sent_to(EMAIL))
    assert list(client.get("/accounts/organization/requests/").context["join_requests"]) == []


def test_a_request_is_decided_once(request_to_join, partner, moderator):
    """A second decision, by a colleague or staff a moment later, changes nothing."""
    join_request = request_to_join()
    assert services.join_request_decide(
        join_request=join_request, acting_user=partner, approve=False
    )
    assert not services.join_request_decide(
        join_request=join_request, acting_user=moderator, approve=True
    )
    assert organization_of(join_request.user) is None


def test_outsiders_cannot_decide(client, request_to_join, focal_gh, partner_types):
    """A member of another organization, or the requester, cannot decide; nor can anyone
    reach another organization's request through their own page."""
    join_request = request_to_join()
    with pytest.raises(services.PermissionDenied):
        services.join_request_decide(join_request=join_request, acting_user=focal_gh, approve=True)
    with pytest.raises(services.PermissionDenied):
        services.join_request_decide(
            join_request=join_request, acting_user=join_request.user, approve=True
        )
    client.force_login(focal_gh)
    response = client.post(
        "/accounts/organization/requests/", {"request": join_request.pk, "decision": "approve"}
    )
    assert response.status_code == 302
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING

    client.force_login(join_request.user)
    assert client.get("/accounts/organization/requests/").status_code == 403


def test_a_bad_decision_gets_a_message_not_an_error(client, request_to_join, partner):
    request_to_join()
    client.force_login(partner)
    for data in [{"request": "x", "decision": "approve"}, {"request": "1", "decision": "maybe"}]:
        response = client.post("/accounts/organization/requests/", data, follow=True)
        assert response.status_code == 200
        assert "decided already, or does not exist" in response.content.decode()


def test_staff_decide_in_the_admin(client, request_to_join, moderator, ngo):
    join_request = request_to_join()
    client.force_login(moderator)
    listed = client.get("/admin/accounts/joinrequest/")
    assert list(listed.context["cl"].result_list) == [join_request]
    response = client.post(
        "/admin/accounts/joinrequest/", {"action": "approve", "_selected_action": [join_request.pk]}
    )
    assert response.status_code == 302
    assert organization_of(join_request.user) == ngo


def test_members_of_the_organization_see_requests_from_proven_addresses_only(
    client, ngo, partner, django_capture_on_commit_callbacks
):
    """A sign-up whose address is not confirmed is not put to the members."""
    client.post(
        "/accounts/signup/",
        {
            "first_name": "Ivo",
            "email": EMAIL,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "organization": ngo.pk,
        },
    )
    client.force_login(partner)
    assert EMAIL not in client.get("/accounts/organization/requests/").content.decode()


def test_an_unconfirmed_member_has_no_page_to_decide(client, ngo):
    """Only confirmed members decide."""
    user = make_user("waiting@ngo.example")
    Membership.objects.create(user=user, organization=ngo, confirmed=False)
    client.force_login(user)
    assert client.get("/accounts/organization/requests/").status_code == 403


def test_a_place_given_by_staff_meanwhile_is_kept(request_to_join, partner, kenya, moderator):
    """Approving never moves someone staff have placed elsewhere since the request."""
    join_request = request_to_join()
    Membership.objects.create(user=join_request.user, organization=kenya, confirmed=True)
    assert services.join_request_decide(
        join_request=join_request, acting_user=partner, approve=True
    )
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.DECLINED
    assert organization_of(join_request.user) == kenya


def test_the_requester_is_told_the_request_awaits_approval(client, ngo):
    client.post(
        "/accounts/signup/",
        {
            "first_name": "Ivo",
            "email": EMAIL,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "organization": ngo.pk,
        },
    )
    user = JoinRequest.objects.get().user
    response = client.post(f"/accounts/confirm/{make_email_confirmation_token(user)}/", follow=True)
    page = response.content.decode()
    assert f"Your request to join {ngo.name} has gone to its members" in page
