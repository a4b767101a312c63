"""Focal points come through invitations: staff invite, focal points propose colleagues.

A link is signed, expires, works once, and stops working when the invitation is revoked.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pfp.accounts import services
from pfp.accounts.models import Invitation, Membership, User
from pfp.accounts.roles import government_of
from tests.accounts.conftest import PASSWORD, make_user, only_link, sent_to

NEW_FOCAL_POINT = "ama@gov.gh.example"
ACCEPT = {
    "first_name": "Ama",
    "last_name": "Owusu",
    "password1": "a sturdy passphrase 42",
    "password2": "a sturdy passphrase 42",
}


@pytest.fixture
def invite(moderator, ghana, django_capture_on_commit_callbacks):
    """A moderator's invitation to Ghana, sent; returns (invitation, link path)."""

    def invite(email=NEW_FOCAL_POINT, government=ghana):
        with django_capture_on_commit_callbacks(execute=True):
            invitation = services.invitation_create(
                email=email, organization=government, acting_user=moderator
            )
        return invitation, only_link(sent_to(email)[-1])

    return invite


def test_it_sends_the_invitation_a_moderator_enters_in_the_admin(
    client, moderator, ghana, django_capture_on_commit_callbacks
):
    """A moderator enters an email and a government in the admin; the invitee gets a link."""
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/accounts/invitation/add/",
            {"email": "Ama@Gov.GH.example", "organization": ghana.pk},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == NEW_FOCAL_POINT
    assert invitation.invited_by == moderator
    assert invitation.status == Invitation.Status.SENT
    assert invitation.expires_at - invitation.sent_at == timedelta(days=7)
    (message,) = mail.outbox
    assert message.to == [NEW_FOCAL_POINT]
    assert "Government of Ghana" in message.subject
    assert "https://pfp.example.org/accounts/invitation/" in message.body


def test_it_refuses_a_person_of_another_organization_in_the_admin(
    client, moderator, ghana, partner
):
    """The admin form says why a member of another organization cannot be invited."""
    client.force_login(moderator)
    response = client.post(
        "/admin/accounts/invitation/add/", {"email": partner.email, "organization": ghana.pk}
    )
    assert response.status_code == 200
    assert "already belongs to another organization" in response.content.decode()
    assert not Invitation.objects.exists()


def test_it_sends_one_invitation_when_the_form_is_posted_twice(invite):
    """Inviting the same address to the same government again returns the open invitation."""
    first, _link = invite()
    again = services.invitation_create(
        email=NEW_FOCAL_POINT, organization=first.organization, acting_user=first.invited_by
    )
    assert again.pk == first.pk
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_it_makes_the_invitee_a_confirmed_focal_point(client, invite, ghana):
    """Accepting sets the name and password, joins the government and signs the user in."""
    invitation, link = invite()
    response = client.get(link)
    assert response.status_code == 200
    assert "Government of Ghana" in response.content.decode()

    response = client.post(link, ACCEPT)
    assert response.status_code == 302
    assert response["Location"] == "/my/"
    user = User.objects.get(email=NEW_FOCAL_POINT)
    assert user.first_name == "Ama"
    assert user.check_password(ACCEPT["password1"])
    assert user.is_active and user.email_confirmed_at is not None
    assert user.membership.role == Membership.Role.FOCAL_POINT
    assert user.membership.confirmed
    assert government_of(user) == ghana
    assert int(client.session["_auth_user_id"]) == user.pk
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert invitation.status == Invitation.Status.ACCEPTED


def test_it_validates_the_password_and_keeps_the_name(client, invite):
    """A weak password is refused with Django's validators; the name typed stays."""
    _invitation, link = invite()
    response = client.post(link, {**ACCEPT, "password1": "12345678", "password2": "12345678"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "This password is too short" in page
    assert 'value="Ama"' in page and 'value="Owusu"' in page
    assert not User.objects.filter(email=NEW_FOCAL_POINT).exists()


def test_it_lets_a_signed_in_user_with_the_address_join(client, invite, ghana):
    """An existing account with the invited address, signed in, joins the government."""
    user = make_user(NEW_FOCAL_POINT)
    _invitation, link = invite()
    client.force_login(user)
    assert "Become a focal point" in client.get(link).content.decode()
    response = client.post(link)
    assert response.status_code == 302
    assert government_of(User.objects.get(pk=user.pk)) == ghana


def test_it_asks_an_existing_account_to_sign_in_first(client, invite):
    """Not signed in, the owner of an existing account is asked to sign in, then come back."""
    make_user(NEW_FOCAL_POINT)
    _invitation, link = invite()
    response = client.get(link)
    assert response.status_code == 200
    assert "Sign in to accept your invitation" in response.content.decode()
    assert client.post(link, ACCEPT).status_code == 200
    assert not Membership.objects.filter(user__email=NEW_FOCAL_POINT).exists()


def test_it_refuses_a_user_of_another_organization(client, invite, partner):
    """An account belonging to another organization does not join: one organization each."""
    _invitation, link = invite(email=partner.email)
    client.force_login(partner)
    response = client.post(link)
    assert response.status_code == 409
    assert "belongs to" in response.content.decode()
    partner.membership.refresh_from_db()
    assert partner.membership.role == Membership.Role.MEMBER
    assert government_of(partner) is None


def test_it_refuses_a_user_signed_in_with_another_address(client, invite, focal_ke):
    """Someone else's invitation cannot be accepted by whoever is signed in."""
    invitation, link = invite()
    client.force_login(focal_ke)
    response = client.post(link)
    assert response.status_code == 403
    assert "you are signed in as" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_it_refuses_an_expired_link(client, invite, settings):
    """After PFP_INVITATION_DAYS the link shows why it no longer works, and changes nothing."""
    invitation, link = invite()
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.post(link, ACCEPT)
    assert response.status_code == 410
    assert "The invitation has expired" in response.content.decode()
    assert not User.objects.filter(email=NEW_FOCAL_POINT).exists()


def test_it_refuses_a_link_older_than_its_signature_allows(client, invite, settings):
    """The signature carries its own age: a shorter lifetime set later applies to old links."""
    _invitation, link = invite()
    settings.PFP_INVITATION_DAYS = -1
    response = client.get(link)
    assert response.status_code == 410
    assert "The invitation has expired" in response.content.decode()


def test_it_refuses_a_used_link(client, invite):
    """A link works once: opened again, it says so and changes nothing."""
    _invitation, link = invite()
    client.post(link, ACCEPT)
    client.logout()
    response = client.post(link, {**ACCEPT, "password1": "another one 1234"})
    assert response.status_code == 410
    assert "accepted already" in response.content.decode()
    assert User.objects.get(email=NEW_FOCAL_POINT).check_password(ACCEPT["password1"])


def test_it_refuses_a_tampered_link(client, invite):
    """A token changed by one character is refused with a page, not an error."""
    _invitation, link = invite()
    token = link.rstrip("/").rsplit("/", 1)[1]
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    response = client.post(f"/accounts/invitation/{tampered}/", ACCEPT)
    assert response.status_code == 404
    assert "The link is incomplete or was changed" in response.content.decode()
    assert not User.objects.filter(email=NEW_FOCAL_POINT).exists()


def test_it_refuses_a_link_whose_address_was_changed(client, invite):
    """The address is part of the signature: correcting it in the database voids old links."""
    invitation, link = invite()
    Invitation.objects.filter(pk=invitation.pk).update(email="someone.else@gov.gh.example")
    assert client.get(link).status_code == 404


def test_it_refuses_a_revoked_link(client, invite, moderator):
    """A revoked invitation cannot be accepted."""
    invitation, link = invite()
    assert services.invitation_revoke(invitation=invitation, acting_user=moderator)
    response = client.post(link, ACCEPT)
    assert response.status_code == 410
    assert "withdrawn this invitation" in response.content.decode()
    assert not User.objects.filter(email=NEW_FOCAL_POINT).exists()


def test_it_revokes_from_the_admin(client, invite, moderator):
    """The admin's revoke action revokes open invitations and leaves accepted ones alone."""
    invitation, _link = invite()
    client.force_login(moderator)
    response = client.post(
        "/admin/accounts/invitation/",
        {"action": "revoke", "_selected_action": [invitation.pk]},
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED


def test_it_holds_a_colleague_invitation_until_a_moderator_confirms(
    client, focal_gh, moderator, ghana, django_capture_on_commit_callbacks
):
    """A focal point's invitation waits for a moderator; "confirm and send" sends it."""
    client.force_login(focal_gh)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/colleagues/invite/", {"email": NEW_FOCAL_POINT})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.organization == ghana
    assert invitation.needs_confirmation
    assert invitation.status == Invitation.Status.AWAITING_CONFIRMATION
    assert sent_to(NEW_FOCAL_POINT) == []
    assert [message.to for message in mail.outbox] == [[moderator.email]]

    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/accounts/invitation/",
            {"action": "confirm_and_send", "_selected_action": [invitation.pk]},
        )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.confirmed_by == moderator
    assert invitation.status == Invitation.Status.SENT
    link = only_link(sent_to(NEW_FOCAL_POINT)[0])

    client.logout()
    client.post(link, ACCEPT)
    assert government_of(User.objects.get(email=NEW_FOCAL_POINT)) == ghana


def test_it_lists_invitations_awaiting_confirmation_first(client, invite, focal_gh, moderator):
    """In the admin, moderators see the invitations they have to confirm at the top."""
    older = services.invitation_create(
        email="colleague@gov.gh.example",
        organization=focal_gh.membership.organization,
        acting_user=focal_gh,
    )
    invite()
    client.force_login(moderator)
    response = client.get("/admin/accounts/invitation/")
    assert response.status_code == 200
    listed = list(response.context["cl"].result_list)
    assert listed[0] == older
    assert listed[0].status == Invitation.Status.AWAITING_CONFIRMATION


def test_it_confirms_once(focal_gh, moderator, django_capture_on_commit_callbacks):
    """Confirming an invitation that was sent already does not send it again."""
    invitation = services.invitation_create(
        email=NEW_FOCAL_POINT, organization=focal_gh.membership.organization, acting_user=focal_gh
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.invitation_confirm(invitation=invitation, acting_user=moderator)
        assert not services.invitation_confirm(invitation=invitation, acting_user=moderator)
    assert len(sent_to(NEW_FOCAL_POINT)) == 1


def test_it_denies_a_focal_point_inviting_for_another_government(focal_gh, kenya):
    """A focal point of Ghana cannot invite anyone to act for Kenya."""
    with pytest.raises(PermissionDenied):
        services.invitation_create(email=NEW_FOCAL_POINT, organization=kenya, acting_user=focal_gh)
    assert not Invitation.objects.exists()


def test_it_invites_only_to_the_focal_points_own_government(client, focal_gh, kenya, ghana):
    """The colleague form has no government to choose: a posted one is ignored."""
    client.force_login(focal_gh)
    client.post(
        "/accounts/colleagues/invite/", {"email": NEW_FOCAL_POINT, "organization": kenya.pk}
    )
    assert Invitation.objects.get().organization == ghana


def test_it_denies_a_focal_point_confirming(focal_gh):
    """Only moderators confirm invitations."""
    invitation = services.invitation_create(
        email=NEW_FOCAL_POINT, organization=focal_gh.membership.organization, acting_user=focal_gh
    )
    with pytest.raises(PermissionDenied):
        services.invitation_confirm(invitation=invitation, acting_user=focal_gh)


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_denies_a_partner_inviting(client, partner, method):
    """A partner is no focal point: the colleague page is forbidden."""
    client.force_login(partner)
    response = getattr(client, method)("/accounts/colleagues/invite/", {"email": NEW_FOCAL_POINT})
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_it_denies_a_partner_inviting_through_the_service(partner, ghana):
    """The service refuses a partner whatever government is asked for."""
    with pytest.raises(PermissionDenied):
        services.invitation_create(email=NEW_FOCAL_POINT, organization=ghana, acting_user=partner)


def test_it_sends_visitors_to_sign_in(client):
    """The colleague page needs an account."""
    response = client.get("/accounts/colleagues/invite/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_it_hides_the_invitation_admin_from_focal_points(client, focal_gh):
    """The admin is for staff only."""
    client.force_login(focal_gh)
    response = client.get("/admin/accounts/invitation/add/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_it_shows_the_government_s_invitations_to_its_focal_point(client, focal_gh, focal_ke):
    """The colleague page lists the invitations of the focal point's government only."""
    services.invitation_create(
        email=NEW_FOCAL_POINT, organization=focal_gh.membership.organization, acting_user=focal_gh
    )
    services.invitation_create(
        email="wanjiru@gov.ke.example",
        organization=focal_ke.membership.organization,
        acting_user=focal_ke,
    )
    client.force_login(focal_gh)
    page = client.get("/accounts/colleagues/invite/").content.decode()
    assert NEW_FOCAL_POINT in page
    assert "wanjiru@gov.ke.example" not in page
    assert "Awaits confirmation" in page


def test_it_keeps_the_password_of_an_accepted_invitation(client, invite):
    """Sanity: the password chosen signs in through the sign-in form."""
    _invitation, link = invite()
    client.post(link, ACCEPT)
    client.logout()
    response = client.post(
        "/accounts/login/", {"username": NEW_FOCAL_POINT, "password": ACCEPT["password1"]}
    )
    assert response.status_code == 302
    assert ACCEPT["password1"] != PASSWORD


@pytest.mark.parametrize("who", ["partner", "focal_ke", "focal_gh_colleague"])
def test_the_colleague_form_does_not_say_whether_an_address_has_an_account(
    client, focal_gh, ghana, who, request, django_capture_on_commit_callbacks
):
    """Inviting an address with an account (of another organization, another government, or
    a focal point of the same one) answers as for a fresh address, names no organization,
    and emails the account's owner instead."""
    if who == "focal_gh_colleague":
        existing = make_user(
            "ama@gov.gh.example", organization=ghana, role=Membership.Role.FOCAL_POINT
        )
    else:
        existing = request.getfixturevalue(who)
    client.force_login(focal_gh)

    def invite(email):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/accounts/colleagues/invite/", {"email": email}, follow=True)
        page = response.content.decode()
        return response.status_code, page.replace(email, "ADDRESS")

    fresh_status, fresh_page = invite("fresh.person@gov.gh.example")
    taken_status, taken_page = invite(existing.email)
    assert taken_status == fresh_status == 200
    # Same message, and the same row in the list, for both addresses.
    assert taken_page.count("ADDRESS") == fresh_page.count("ADDRESS")
    organization = existing.membership.organization.name
    if organization != ghana.name:
        assert organization not in taken_page
    assert "already" not in taken_page
    (notice,) = sent_to(existing.email)
    assert "invited this email address" in notice.body


def test_an_invitable_existing_account_gets_no_notice(
    client, focal_gh, django_capture_on_commit_callbacks
):
    """An account with no organization can accept the invitation once it is sent: no notice."""
    make_user(NEW_FOCAL_POINT)
    client.force_login(focal_gh)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/colleagues/invite/", {"email": NEW_FOCAL_POINT})
    assert sent_to(NEW_FOCAL_POINT) == []


def test_staff_see_what_an_invitation_meets_before_confirming_it(
    client, focal_gh, partner, moderator
):
    """The focal point is not told; the moderator is, on the invitation's page."""
    invitation = services.invitation_create(
        email=partner.email, organization=focal_gh.membership.organization, acting_user=focal_gh
    )
    client.force_login(moderator)
    page = client.get(f"/admin/accounts/invitation/{invitation.pk}/change/").content.decode()
    assert "already belongs to another organization (Migrant Rights Network)" in page
