"""Staff need a second factor (TOTP) for the admin when PFP_REQUIRE_2FA_FOR_STAFF is on."""

import base64
import re

import pytest
from django.core import mail
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from pfp.accounts import services


@pytest.fixture
def required(accounts_settings):
    accounts_settings.PFP_REQUIRE_2FA_FOR_STAFF = True


def code_for(device):
    device.refresh_from_db()
    return str(TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token())


@pytest.fixture
def device(moderator):
    return TOTPDevice.objects.create(user=moderator, name="phone", confirmed=True)


def test_it_sends_staff_without_a_device_to_set_one_up(client, moderator, required):
    """A staff member with no device opening the admin is asked to set one up."""
    client.force_login(moderator)
    response = client.get("/admin/accounts/invitation/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/?next=%2Fadmin%2Faccounts%2Finvitation%2F"


def emailed_code(client, moderator, capture):
    """Ask for the enrolment code, and read it from the email."""
    with capture(execute=True):
        client.post("/accounts/two-factor/", {"action": "send"})
    message = [m for m in mail.outbox if m.to == [moderator.email]][-1]
    return re.search(r"^(\d{8})$", message.body, re.MULTILINE).group(1)


def prove_enrolment(client, moderator, capture):
    code = emailed_code(client, moderator, capture)
    response = client.post("/accounts/two-factor/", {"action": "verify", "code": code})
    assert response.status_code == 302


def test_it_sets_up_an_authenticator_app(
    client, moderator, required, django_capture_on_commit_callbacks
):
    """After the emailed code, the setup page shows a QR code and the key; the right code
    confirms it and opens the admin, with backup codes shown once."""
    client.force_login(moderator)
    prove_enrolment(client, moderator, django_capture_on_commit_callbacks)
    response = client.get("/accounts/two-factor/?next=/admin/")
    assert response.status_code == 200
    page = response.content.decode()
    qr = re.search(r'<img class="qr-code" src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert qr is not None
    assert base64.b64decode(qr.group(1)).startswith(b"<svg")
    assert "<script" not in page.split("</header>", 1)[1]
    device = TOTPDevice.objects.get(user=moderator)
    assert not device.confirmed
    secret = base64.b32encode(device.bin_key).decode()
    assert secret[:4] in page

    # The page reloaded keeps the same key: the QR code scanned stays valid.
    client.get("/accounts/two-factor/")
    assert TOTPDevice.objects.get(user=moderator).key == device.key

    response = client.post("/accounts/two-factor/", {"code": "000000", "next": "/admin/"})
    assert response.status_code == 200
    assert "This code is not right" in response.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed

    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    response = client.post("/accounts/two-factor/", {"code": code_for(device), "next": "/admin/"})
    assert response.status_code == 200
    assert "Your backup codes" in response.content.decode()
    assert len(response.context["codes"]) == services.BACKUP_CODE_COUNT
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/admin/").status_code == 200


def test_it_asks_staff_with_a_device_for_a_code(client, moderator, device, required):
    """With a device, the admin asks for a code first, then lets the staff member in."""
    client.force_login(moderator)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/verify/?next=%2Fadmin%2F"

    response = client.post("/accounts/two-factor/verify/", {"code": "123 456", "next": "/admin/"})
    assert response.status_code == 200
    assert "This code is not right" in response.content.decode()
    assert client.get("/admin/").status_code == 302

    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    response = client.post(
        "/accounts/two-factor/verify/", {"code": code_for(device), "next": "/admin/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/invitation/").status_code == 200


def test_it_accepts_a_backup_code_once(client, moderator, device, required):
    """A backup code verifies a session in place of the app, and only once."""
    codes = services.two_factor_new_backup_codes(user=moderator)
    client.force_login(moderator)
    response = client.post("/accounts/two-factor/verify/", {"code": codes[0]})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200

    client.logout()
    client.force_login(moderator)  # a new session
    response = client.post("/accounts/two-factor/verify/", {"code": codes[0]})
    assert response.status_code == 200
    assert StaticDevice.objects.get(user=moderator).token_set.count() == len(codes) - 1


def test_it_never_redirects_off_site(client, moderator, device, required):
    """A next pointing to another site is replaced by the admin's address."""
    client.force_login(moderator)
    response = client.post(
        "/accounts/two-factor/verify/",
        {"code": code_for(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/admin/"


def test_it_lets_staff_sign_out_of_the_admin_without_a_code(client, moderator, required):
    """Signing out of the admin needs no second factor."""
    client.force_login(moderator)
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session


def test_it_leaves_other_users_alone(client, partner, focal_gh, required):
    """Users who are not staff never meet the second factor; the admin refuses them as usual."""
    for user in (partner, focal_gh):
        client.force_login(user)
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
        assert client.get("/accounts/password/change/").status_code == 200
        assert client.get("/accounts/two-factor/").status_code == 403


def test_it_leaves_the_admin_sign_in_page_to_visitors(client, db, required):
    """A visitor reaches the admin's sign-in page; the second factor comes after."""
    assert client.get("/admin/login/").status_code == 200


def test_it_does_not_require_a_code_when_the_setting_is_off(client, moderator):
    """With PFP_REQUIRE_2FA_FOR_STAFF off, staff use the admin with a password alone."""
    client.force_login(moderator)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/invitation/").status_code == 200


def test_it_reads_the_setting_on_every_request(client, moderator, accounts_settings):
    """Turning the setting on takes effect at once, for sessions already open."""
    client.force_login(moderator)
    assert client.get("/admin/").status_code == 200
    accounts_settings.PFP_REQUIRE_2FA_FOR_STAFF = True
    assert client.get("/admin/").status_code == 302


def test_it_makes_new_backup_codes_for_a_verified_session(client, moderator, device, required):
    """New backup codes replace the old ones, for a verified session only."""
    old = services.two_factor_new_backup_codes(user=moderator)
    client.force_login(moderator)
    response = client.post("/accounts/two-factor/backup-codes/")
    assert response.status_code == 302  # not verified yet
    client.post("/accounts/two-factor/verify/", {"code": code_for(device)})
    response = client.post("/accounts/two-factor/backup-codes/")
    assert response.status_code == 200
    new = response.context["codes"]
    assert set(new).isdisjoint(old)
    tokens = set(StaticDevice.objects.get(user=moderator).token_set.values_list("token", flat=True))
    assert tokens == set(new)


def test_it_shows_the_state_once_set_up(client, moderator, device, required):
    """Once set up and verified, the page says so instead of offering a new key."""
    client.force_login(moderator)
    assert client.get("/accounts/two-factor/").status_code == 302  # verify first
    client.post("/accounts/two-factor/verify/", {"code": code_for(device)})
    response = client.get("/accounts/two-factor/")
    assert response.status_code == 200
    assert "Your authenticator app is set up" in response.content.decode()
    assert TOTPDevice.objects.filter(user=moderator).count() == 1


def test_the_password_alone_does_not_open_the_setup(client, moderator, required):
    """Signed in with the password only, the setup shows no key and makes no device: it asks
    for the code emailed to the staff member's address first."""
    client.force_login(moderator)
    response = client.get("/accounts/two-factor/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Email me a code" in page
    assert "qr-code" not in page
    assert not TOTPDevice.objects.filter(user=moderator).exists()


def test_a_device_cannot_be_confirmed_without_the_emailed_code(client, moderator, required):
    """Even with a device's right code, the setup refuses to confirm it before the proof."""
    device = TOTPDevice.objects.create(user=moderator, name="attacker", confirmed=False)
    client.force_login(moderator)
    client.post("/accounts/two-factor/", {"action": "verify", "code": code_for(device)})
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    assert not client.session.get("pfp_2fa_enrolment")


def test_the_emailed_code_goes_to_the_account_s_address_and_works_once(
    client, moderator, required, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    code = emailed_code(client, moderator, django_capture_on_commit_callbacks)
    wrong = client.post("/accounts/two-factor/", {"action": "verify", "code": "00000000"})
    assert wrong.status_code == 200
    assert "This code is not right" in wrong.content.decode()
    from django_otp.plugins.otp_email.models import EmailDevice

    EmailDevice.objects.filter(user=moderator).update(throttling_failure_count=0)
    assert (
        client.post("/accounts/two-factor/", {"action": "verify", "code": code}).status_code == 302
    )
    assert "qr-code" in client.get("/accounts/two-factor/").content.decode()

    other_session = type(client)()
    other_session.force_login(moderator)
    again = other_session.post("/accounts/two-factor/", {"action": "verify", "code": code})
    assert again.status_code == 200
    assert "qr-code" not in other_session.get("/accounts/two-factor/").content.decode()


def test_an_expired_enrolment_code_is_refused(
    client, moderator, settings, required, django_capture_on_commit_callbacks
):
    settings.PFP_2FA_ENROLMENT_CODE_MINUTES = 0
    client.force_login(moderator)
    code = emailed_code(client, moderator, django_capture_on_commit_callbacks)
    response = client.post("/accounts/two-factor/", {"action": "verify", "code": code})
    assert response.status_code == 200
    assert "has expired" in response.content.decode()


def test_the_enrolment_code_never_verifies_a_session(
    client, moderator, device, required, django_capture_on_commit_callbacks
):
    """The emailed device is never a second factor: it does not pass the admin's check."""
    client.force_login(moderator)
    from django_otp.plugins.otp_email.models import EmailDevice

    services.two_factor_send_enrolment_code(user=moderator)
    email_device = EmailDevice.objects.get(user=moderator)
    response = client.post("/accounts/two-factor/verify/", {"code": email_device.token})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_a_key_made_before_the_proof_is_never_offered_after_it(
    client, moderator, required, django_capture_on_commit_callbacks
):
    """Someone with only the password may have seen a key made before: a new one is made."""
    seen = TOTPDevice.objects.create(user=moderator, name="seen", confirmed=False)
    client.force_login(moderator)
    prove_enrolment(client, moderator, django_capture_on_commit_callbacks)
    client.get("/accounts/two-factor/")
    (offered,) = TOTPDevice.objects.filter(user=moderator)
    assert offered.pk != seen.pk
    assert offered.key != seen.key
