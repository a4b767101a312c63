"""The account pages in a real browser: each is audited by axe (through `browse`), also in its
error state, and the Content Security Policy breaks nothing, in the admin either."""

import re

import pytest
from django.core import mail
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from pfp.accounts import services
from pfp.accounts.models import Membership, Organization, User
from pfp.accounts.tokens import make_invitation_token
from pfp.taxonomy.models import Country, PartnerType
from portal.moderators import ensure_moderators_group
from practices.report import get_or_create_government

PASSWORD = "correct horse battery staple"


@pytest.fixture
def partner(reference_data):
    organization = Organization.objects.create(
        name="Migrant Rights Network",
        partner_type=PartnerType.objects.get(slug="civil-society"),
        country=Country.objects.get(code="PH"),
        verified=True,
    )
    user = User.objects.create_user(email="paolo@ngo.example", password=PASSWORD)
    Membership.objects.create(user=user, organization=organization, confirmed=True)
    return user


@pytest.fixture
def moderator(reference_data):
    user = User.objects.create_user(email="mona@gfmd.example", password=PASSWORD, is_staff=True)
    user.groups.add(ensure_moderators_group())
    return user


def focus_by_tabbing(page, predicate_js, limit=80):
    """Press Tab until the focused element satisfies the predicate; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            f"(() => {{ const el = document.activeElement; return {predicate_js}; }})()"
        ):
            return
    raise AssertionError(f"Tab never reached an element where {predicate_js}")


def sign_in(browse, email, password, next_path="/"):
    page = browse.page
    browse(f"/accounts/login/?next={next_path}")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    with browse.navigation():
        page.get_by_role("button", name="Sign in").click()


def test_it_signs_up_a_partner(browse, reference_data):
    """The sign-up form, its error state and the confirmation page pass the audit."""
    page = browse.page
    browse("/accounts/signup/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sign up as a partner"
    page.get_by_label("Given name").fill("Lena")
    page.get_by_label("Email address").fill("lena@diaspora.example")
    page.get_by_label("Password", exact=True).fill("a sturdy passphrase 42")
    page.get_by_label("Password confirmation").fill("a sturdy passphrase 42")
    with browse.navigation():
        page.get_by_role("button", name="Sign up").click()

    alert = page.get_by_role("alert")
    assert "Choose your organization" in alert.inner_text()
    # The summary takes focus, and its link takes the keyboard to the field it names.
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    alert.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_organization"
    assert page.get_by_label("Given name").input_value() == "Lena"
    organization = page.get_by_label("Your organization", exact=True)
    assert organization.get_attribute("aria-invalid") == "true"

    page.get_by_label("Password", exact=True).fill("a sturdy passphrase 42")
    page.get_by_label("Password confirmation").fill("a sturdy passphrase 42")
    page.get_by_label("Name of your organization").fill("Diaspora Builders")
    page.get_by_label("Kind of organization").select_option(label="Diaspora organization")
    page.get_by_label("Country").select_option(label="Lebanon")
    with browse.navigation():
        page.get_by_role("button", name="Sign up").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Confirm your email address"
    assert not User.objects.get(email="lena@diaspora.example").is_active

    link = re.search(r"https?://\S+?(/accounts/confirm/\S+/)", mail.outbox[0].body).group(1)
    browse(link)
    with browse.navigation():
        page.get_by_role("button", name="Confirm my email address").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"
    assert User.objects.get(email="lena@diaspora.example").is_active


def test_it_signs_in_with_the_keyboard_only(browse, partner):
    """Tab to the address, type, Tab to the password, type, Enter: signed in, then out."""
    page = browse.page
    browse("/accounts/login/?next=/about/")
    focus_by_tabbing(page, "el.id === 'id_username'")
    page.keyboard.type(partner.email)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type("not the password")
    with browse.navigation():
        page.keyboard.press("Enter")
    assert "Please enter a correct email address" in page.get_by_role("alert").inner_text()

    focus_by_tabbing(page, "el.id === 'id_password'")
    page.keyboard.type(PASSWORD)
    with browse.navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/about/")
    sign_out = page.get_by_role("button", name="Sign out")
    assert sign_out.is_visible()

    focus_by_tabbing(page, "el.textContent.trim() === 'Sign out'")
    with browse.navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("link", name="Sign in").is_visible()


def test_it_accepts_an_invitation(browse, moderator, settings):
    """The invitation page, with a password error and then accepted, passes the audit."""
    # The workspace the invitee lands on is audited by its own tests; land on a page of ours.
    settings.LOGIN_REDIRECT_URL = "/about/"
    government, _created = get_or_create_government(Country.objects.get(code="GH"))
    invitation = services.invitation_create(
        email="ama@gov.gh.example", organization=government, acting_user=moderator
    )
    page = browse.page
    browse(f"/accounts/invitation/{make_invitation_token(invitation)}/")
    assert "Government of Ghana" in page.locator("main").inner_text()
    page.get_by_label("Given name").fill("Ama")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Password confirmation").fill("short")
    with browse.navigation():
        page.get_by_role("button", name="Open my account").click()
    assert "too short" in page.get_by_role("alert").inner_text()

    page.get_by_label("Password", exact=True).fill("a sturdy passphrase 42")
    page.get_by_label("Password confirmation").fill("a sturdy passphrase 42")
    with browse.navigation():
        page.get_by_role("button", name="Open my account").click()
    assert "now a focal point of Government of Ghana" in page.get_by_role("status").inner_text()

    browse(f"/accounts/invitation/{make_invitation_token(invitation)}/", status=410)
    assert "accepted already" in page.locator("main").inner_text()


def test_it_sets_up_a_second_factor_and_runs_the_admin_under_the_policy(
    browse, context, moderator, settings
):
    """The setup page and the backup codes pass the audit; admin pages then log no error,
    so the Content Security Policy blocks nothing they need."""
    settings.PFP_REQUIRE_2FA_FOR_STAFF = True
    page = browse.page
    sign_in(browse, moderator.email, PASSWORD, next_path="/admin/")
    assert "/accounts/two-factor/" in page.url
    # The password alone does not open the setup: a code emailed to the address first.
    with browse.navigation():
        page.get_by_role("button", name="Email me a code").click()
    (message,) = [m for m in mail.outbox if m.to == [moderator.email]]
    emailed = re.search(r"^(\d{8})$", message.body, re.MULTILINE).group(1)
    page.get_by_label("Code from the email").fill(emailed)
    with browse.navigation():
        page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("img", name=re.compile("QR code")).is_visible()

    device = TOTPDevice.objects.get(user=moderator)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    page.get_by_label("Six-digit code from the app").fill(f"{code:06d}")
    with browse.navigation():
        page.get_by_role("button", name="Confirm").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your backup codes"
    assert page.locator(".backup-codes li").count() == services.BACKUP_CODE_COUNT

    admin = context.new_page()
    problems = []
    admin.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    admin.on("pageerror", lambda error: problems.append(str(error)))
    for path in ["/admin/", "/admin/accounts/invitation/", "/admin/accounts/invitation/add/"]:
        response = admin.goto(browse.base_url + path.lstrip("/"))
        assert response.status == 200, path
        admin.wait_for_load_state("networkidle")
    # The autocomplete widget (jQuery, select2) runs: the policy let its scripts load.
    admin.locator(".select2-selection").first.click()
    admin.wait_for_selector(".select2-results__option")
    assert problems == []


def test_a_member_approves_a_request_to_join(browse, partner):
    """The requests page passes the audit; approving makes the newcomer a member."""
    from pfp.accounts.models import JoinRequest

    organization = partner.membership.organization
    newcomer = User.objects.create_user(email="ivo@elsewhere.example", password=PASSWORD)
    services.partner_confirm_email(user=newcomer)
    join_request = JoinRequest.objects.create(user=newcomer, organization=organization)

    page = browse.page
    sign_in(browse, partner.email, PASSWORD, next_path="/accounts/organization/requests/")
    assert "Requests to join" in page.get_by_role("heading", level=1).inner_text()
    with browse.navigation():
        page.get_by_role("button", name="Approve — ivo@elsewhere.example").click()
    assert "is now a member" in page.get_by_role("status").inner_text()
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.APPROVED


def test_the_rate_limited_sign_up_keeps_what_was_typed(browse, reference_data, settings):
    """Past the limit the form comes back with an alert and the typed values; it passes the
    audit like any other error state."""
    settings.PFP_RATE_LIMITS = {**settings.PFP_RATE_LIMITS, "signup": "1/h"}
    page = browse.page
    for attempt in range(2):
        browse("/accounts/signup/")
        page.get_by_label("Given name").fill("Lena")
        page.get_by_label("Email address").fill(f"lena{attempt}@diaspora.example")
        page.get_by_label("Password", exact=True).fill("a sturdy passphrase 42")
        page.get_by_label("Password confirmation").fill("a sturdy passphrase 42")
        page.get_by_label("Name of your organization").fill("Diaspora Builders")
        page.get_by_label("Kind of organization").select_option(label="Diaspora organization")
        with browse.navigation(status=200 if attempt == 0 else 429):
            page.get_by_role("button", name="Sign up").click()
    assert "Too many requests" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Email address").input_value() == "lena1@diaspora.example"
    assert page.get_by_label("Password", exact=True).input_value() == ""
    assert not User.objects.filter(email="lena1@diaspora.example").exists()
