"""Each person's emails in their own language: chosen when they sign up or are invited, changed
in their workspace, and every link in a mail leading to the pages in that language."""

from django.core import mail

from pfp.accounts import services
from pfp.accounts.models import User
from pfp.core import emails
from pfp.core.languages import Language
from tests.accounts.conftest import make_user, sent_to
from tests.emails import html_part

SITE = "https://pfp.example.org"


def test_the_languages_offered_are_the_sites(settings):
    assert [code for code, _name in settings.LANGUAGES] == Language.values


def test_a_mail_goes_to_each_recipient_in_their_language(db):
    make_user("amelie@gov.sn.example", language="fr")
    make_user("lucia@gov.sv.example", language="es")
    emails.send(
        "accounts/email/account_exists",
        {},
        ["amelie@gov.sn.example", "lucia@gov.sv.example", "nobody@example.org"],
        action=emails.Action("Sign in", f"{SITE}/accounts/login/?next=/my/"),
    )
    assert len(mail.outbox) == 3
    (french,) = sent_to("amelie@gov.sn.example")
    (spanish,) = sent_to("lucia@gov.sv.example")
    (english,) = sent_to("nobody@example.org")
    assert f"{SITE}/fr/accounts/login/?next=/my/" in french.body
    assert f'href="{SITE}/fr/accounts/login/?next=/my/"' in html_part(french)
    assert f"{SITE}/es/accounts/login/?next=/my/" in spanish.body
    assert f"{SITE}/accounts/login/?next=/my/" in english.body


def test_a_link_built_on_a_french_page_leads_an_english_reader_to_english(db):
    """A context made while another language was active (a French moderator's decision)
    still gives each recipient the pages in their own language."""
    make_user("kwame@gov.gh.example", language="en")
    emails.send(
        "accounts/email/account_exists",
        {},
        ["kwame@gov.gh.example"],
        action=emails.Action("See it", f"{SITE}/fr/my/practices/7/"),
    )
    (message,) = mail.outbox
    assert f"{SITE}/my/practices/7/" in message.body
    assert "/fr/" not in message.body


def test_links_off_the_portal_and_outside_the_language_prefixes_are_left_alone(db):
    make_user("amelie@gov.sn.example", language="fr")
    rendered = emails.render(
        "accounts/email/account_exists",
        {},
        action=emails.Action("Download", f"{SITE}/media/practices/1/report.pdf"),
        language="fr",
    )
    assert f"{SITE}/media/practices/1/report.pdf" in rendered.text


def test_an_invitation_is_in_the_language_its_sender_chose(
    moderator, ghana, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            email="ama@gov.gh.example", organization=ghana, acting_user=moderator, language="es"
        )
    assert invitation.language == "es"
    (message,) = sent_to("ama@gov.gh.example")
    assert f"{SITE}/es/accounts/invitation/" in message.body, message.body


def test_the_account_made_from_an_invitation_keeps_its_language(moderator, ghana):
    invitation = services.invitation_create(
        email="ama@gov.gh.example", organization=ghana, acting_user=moderator, language="fr"
    )
    user = services.invitation_accept(
        invitation=invitation, first_name="Ama", last_name="Owusu", password="a sturdy pass 42"
    )
    assert user.language == "fr"


def test_a_moderator_chooses_the_invitations_language_in_the_admin(
    client, moderator, ghana, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/accounts/invitation/add/",
            {"email": "ama@gov.gh.example", "organization": ghana.pk, "language": "fr"},
        )
    assert response.status_code == 302
    (message,) = sent_to("ama@gov.gh.example")
    assert f"{SITE}/fr/accounts/invitation/" in message.body


def test_a_partner_who_signs_up_on_a_spanish_page_gets_spanish_emails(
    client, partner_types, countries, django_capture_on_commit_callbacks
):
    data = {
        "first_name": "Lucía",
        "last_name": "Pérez",
        "email": "lucia@diaspora.example",
        "password1": "a sturdy passphrase 42",
        "password2": "a sturdy passphrase 42",
        "organization": "",
        "new_organization_name": "Diáspora Activa",
        "new_organization_type": partner_types["civil-society"].pk,
        "new_organization_country": countries["PH"].pk,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/es/accounts/signup/", data)
    assert response.status_code == 302
    assert User.objects.get(email="lucia@diaspora.example").language == "es"
    (message,) = sent_to("lucia@diaspora.example")
    assert f"{SITE}/es/accounts/confirm/" in message.body


def test_a_user_changes_the_language_of_their_emails_in_the_workspace(client, partner):
    client.force_login(partner)
    page = client.get("/my/").content.decode()
    assert 'action="/accounts/language/"' in page
    response = client.post("/accounts/language/", {"language": "es"})
    assert response.status_code == 302
    assert response["Location"] == "/my/"
    partner.refresh_from_db()
    assert partner.language == "es"


def test_an_unknown_language_changes_nothing(client, partner):
    client.force_login(partner)
    response = client.post("/accounts/language/", {"language": "xx"}, follow=True)
    assert "Choose English, French or Spanish." in response.content.decode()
    partner.refresh_from_db()
    assert partner.language == "en"


def test_the_language_is_changed_by_a_post_of_a_signed_in_user_only(client, partner):
    assert client.post("/accounts/language/", {"language": "fr"}).status_code == 302
    partner.refresh_from_db()
    assert partner.language == "en"
    client.force_login(partner)
    assert client.get("/accounts/language/").status_code == 405
