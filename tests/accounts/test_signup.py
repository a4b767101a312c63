"""Partners sign up themselves; the account opens once the emailed link confirms the address."""

import pytest
from django.core import mail
from django.core.signing import TimestampSigner
from django.utils import timezone

from pfp.accounts import services
from pfp.accounts.models import Membership, Organization, User
from pfp.accounts.roles import government_of, organization_of
from tests.accounts.conftest import only_link

EMAIL = "lena@diaspora.example"
PASSWORD = "a sturdy passphrase 42"


@pytest.fixture
def form(partner_types, countries):
    """A complete sign-up naming a new organization."""
    return {
        "first_name": "Lena",
        "last_name": "Haddad",
        "email": EMAIL,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "organization": "",
        "new_organization_name": "Diaspora Builders",
        "new_organization_type": partner_types["civil-society"].pk,
        "new_organization_country": countries["PH"].pk,
    }


@pytest.fixture
def sign_up(client, django_capture_on_commit_callbacks):
    def sign_up(data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/accounts/signup/", data)

    return sign_up


def test_it_shows_the_form(client, ngo, ghana):
    """The form lists verified non-government organizations, never a government."""
    response = client.get("/accounts/signup/")
    assert response.status_code == 200
    choices = list(response.context["form"].fields["organization"].queryset)
    assert choices == [ngo]
    types = {t.slug for t in response.context["form"].fields["new_organization_type"].queryset}
    assert "national-government" not in types


def test_it_creates_an_inactive_user_and_an_unverified_organization(sign_up, form):
    """Sign-up makes an inactive account, a new unverified organization, and sends a link."""
    response = sign_up(form)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/signup/sent/"
    user = User.objects.get(email=EMAIL)
    assert not user.is_active
    assert user.email_confirmed_at is None
    organization = Organization.objects.get(name="Diaspora Builders")
    assert not organization.verified
    assert not organization.is_national_government
    assert user.membership.organization == organization
    assert user.membership.role == Membership.Role.MEMBER
    (message,) = mail.outbox
    assert message.to == [EMAIL]
    assert only_link(message).startswith("/accounts/confirm/")


def test_it_activates_the_account_on_confirmation(client, sign_up, form):
    """Following the link and confirming opens the account; the link then says it is done."""
    sign_up(form)
    link = only_link(mail.outbox[0])
    response = client.get(link)
    assert response.status_code == 200
    assert "Confirm my email address" in response.content.decode()
    assert not User.objects.get(email=EMAIL).is_active  # opening the link is not enough

    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    user = User.objects.get(email=EMAIL)
    assert user.is_active and user.email_confirmed_at is not None
    assert user.membership.confirmed
    assert organization_of(user).name == "Diaspora Builders"
    assert government_of(user) is None

    again = client.post(link)
    assert again.status_code == 200
    assert "confirmed already" in again.content.decode()


def test_it_lets_the_confirmed_partner_sign_in(client, sign_up, form):
    """After confirmation the password chosen at sign-up works."""
    sign_up(form)
    client.post(only_link(mail.outbox[0]))
    response = client.post("/accounts/login/", {"username": EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/my/"


def test_it_refuses_to_sign_in_before_confirmation(client, sign_up, form):
    """An unconfirmed account cannot sign in."""
    sign_up(form)
    response = client.post("/accounts/login/", {"username": EMAIL, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_asks_to_join_an_existing_verified_organization(sign_up, form, ngo):
    """Choosing an organization from the list asks to join it; no organization is created,
    and no membership until the organization's members approve (tests/…/test_join_requests)."""
    sign_up({**form, "organization": ngo.pk, "new_organization_name": ""})
    user = User.objects.get(email=EMAIL)
    assert user.join_requests.get().organization == ngo
    assert not Membership.objects.filter(user=user).exists()
    assert Organization.objects.count() == 1


def test_it_cannot_pick_a_government_organization(sign_up, form, ghana):
    """A national government posted as the organization is refused: governments invite."""
    response = sign_up({**form, "organization": ghana.pk, "new_organization_name": ""})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not User.objects.filter(email=EMAIL).exists()


def test_it_cannot_create_a_government_organization(sign_up, form, partner_types):
    """A new organization cannot be of the national-government type."""
    government_type = partner_types["national-government"]
    response = sign_up({**form, "new_organization_type": government_type.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Organization.objects.filter(is_national_government=True).exists()


def test_it_refuses_a_government_below_the_form(ghana):
    """The rule holds below the form too."""
    with pytest.raises(services.PermissionDenied):
        services.partner_sign_up(
            email=EMAIL, password=PASSWORD, first_name="Lena", last_name="", organization=ghana
        )


def test_it_refuses_an_unverified_organization_of_someone_else(sign_up, form, partner_types):
    """Unverified organizations are not offered, and cannot be posted."""
    unverified = Organization.objects.create(
        name="Unchecked", partner_type=partner_types["civil-society"]
    )
    response = sign_up({**form, "organization": unverified.pk, "new_organization_name": ""})
    assert response.status_code == 200
    assert not User.objects.filter(email=EMAIL).exists()


def test_it_does_not_say_whether_an_address_has_an_account(client, sign_up, form, partner):
    """Signing up with an address that has an account answers exactly as a new sign-up;
    the owner is emailed instead, and no second account or organization is made."""
    fresh = sign_up({**form, "email": "someone.new@example.org"})
    taken = sign_up({**form, "email": partner.email.upper(), "new_organization_name": "Other"})
    assert (taken.status_code, taken["Location"]) == (fresh.status_code, fresh["Location"])
    assert client.get(taken["Location"]).content == client.get(fresh["Location"]).content
    assert User.objects.filter(email__iexact=partner.email).count() == 1
    assert not Organization.objects.filter(name="Other").exists()
    (notice,) = [m for m in mail.outbox if partner.email in m.to]
    assert "already has an account" in notice.body
    assert "/accounts/password/reset/" in notice.body
    assert partner.membership.organization.name not in notice.body


def test_it_sends_the_link_again_to_an_unconfirmed_address(sign_up, form):
    """Signing up again while the first link was not followed sends a new link."""
    sign_up(form)
    response = sign_up({**form, "new_organization_name": "Another name"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/signup/sent/"
    assert User.objects.filter(email=EMAIL).count() == 1
    assert not Organization.objects.filter(name="Another name").exists()
    assert len(mail.outbox) == 2
    assert only_link(mail.outbox[1]).startswith("/accounts/confirm/")


def test_it_sends_nothing_to_an_account_staff_deactivated(sign_up, form, partner):
    partner.is_active = False
    partner.email_confirmed_at = timezone.now()
    partner.save()
    response = sign_up({**form, "email": partner.email})
    assert response["Location"] == "/accounts/signup/sent/"
    assert mail.outbox == []


def test_it_keeps_the_input_on_error(sign_up, form):
    """After a validation error every field but the passwords shows what was typed."""
    response = sign_up({**form, "password2": "something else entirely"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The two password fields didn’t match" in page
    bound = response.context["form"]
    for name in ["first_name", "last_name", "email", "new_organization_name"]:
        assert f'value="{form[name]}"' in page, name
    assert bound["new_organization_type"].value() == str(form["new_organization_type"])
    assert bound["new_organization_country"].value() == str(form["new_organization_country"])
    assert PASSWORD not in page  # passwords are never written into a page


def test_it_announces_errors(sign_up, form):
    """Errors are listed in an alert and tied to their fields with aria-describedby."""
    page = sign_up({**form, "email": "not an address"}).content.decode()
    assert 'role="alert"' in page
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_email_helptext id_email_error"' in page
    assert 'id="id_email_error"' in page


def test_it_asks_for_an_organization(sign_up, form):
    """Neither chosen nor named: the form asks for one."""
    response = sign_up({**form, "new_organization_name": ""})
    assert "Choose your organization" in response.content.decode()
    assert not User.objects.exists()


def test_it_refuses_both_an_organization_and_a_new_name(sign_up, form, ngo):
    """Choosing from the list and naming a new one at once is ambiguous and refused."""
    response = sign_up({**form, "organization": ngo.pk})
    assert response.status_code == 200
    assert "leave this empty" in response.content.decode()
    assert not User.objects.exists()


def test_it_points_to_a_listed_organization_of_the_same_name(sign_up, form, ngo):
    """Naming an organization that is listed already points to the list."""
    response = sign_up({**form, "new_organization_name": ngo.name.upper()})
    assert "is in the list already" in response.content.decode()
    assert Organization.objects.count() == 1


def test_it_validates_the_password(sign_up, form):
    """Django's password validators apply, including similarity to the address."""
    response = sign_up({**form, "password1": "lena@diaspora", "password2": "lena@diaspora"})
    assert "too similar" in response.content.decode()
    assert not User.objects.exists()


def test_it_refuses_an_expired_confirmation_link(client, sign_up, form, settings):
    """An expired link says so and leaves the account closed."""
    sign_up(form)
    link = only_link(mail.outbox[0])
    settings.PFP_EMAIL_CONFIRMATION_DAYS = -1
    response = client.post(link)
    assert response.status_code == 410
    assert "has expired" in response.content.decode()
    assert not User.objects.get(email=EMAIL).is_active


def test_it_refuses_a_tampered_confirmation_link(client, sign_up, form):
    """A changed token is refused with a page."""
    sign_up(form)
    response = client.post(only_link(mail.outbox[0]).replace("/confirm/", "/confirm/x"))
    assert response.status_code == 404
    assert "incomplete or was changed" in response.content.decode()
    assert not User.objects.get(email=EMAIL).is_active


def test_it_refuses_an_invitation_token_as_a_confirmation(client, sign_up, form):
    """Tokens of one kind never pass for another: each is signed with its own salt."""
    sign_up(form)
    user = User.objects.get(email=EMAIL)
    forged = TimestampSigner(salt="pfp.accounts.invitation").sign_object(
        {"id": user.pk, "email": EMAIL}, compress=True
    )
    assert client.post(f"/accounts/confirm/{forged}/").status_code == 404
    assert not User.objects.get(email=EMAIL).is_active


def test_it_never_reactivates_an_account_staff_deactivated(client, sign_up, form):
    """A confirmation link used once does not reopen an account closed since."""
    sign_up(form)
    link = only_link(mail.outbox[0])
    client.post(link)
    User.objects.filter(email=EMAIL).update(is_active=False)
    client.post(link)
    assert not User.objects.get(email=EMAIL).is_active


def test_it_sends_signed_in_users_to_their_workspace(client, partner):
    """A signed-in user has nothing to sign up for."""
    client.force_login(partner)
    response = client.get("/accounts/signup/")
    assert response.status_code == 302
    assert response["Location"] == "/my/"


def test_it_lets_staff_verify_organizations_in_the_admin(client, moderator, sign_up, form):
    """The admin's verify action verifies the organizations a moderator selects."""
    sign_up(form)
    organization = Organization.objects.get(name="Diaspora Builders")
    client.force_login(moderator)
    listed = client.get("/admin/accounts/organization/?verified__exact=0")
    assert list(listed.context["cl"].result_list) == [organization]
    response = client.post(
        "/admin/accounts/organization/",
        {"action": "verify", "_selected_action": [organization.pk]},
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.verified


def test_it_lets_only_moderators_verify(partner, ngo):
    """The verify service refuses anyone but a moderator."""
    with pytest.raises(services.PermissionDenied):
        services.organization_verify(organizations=[ngo], acting_user=partner)
