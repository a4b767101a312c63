"""Who an offer comes from: only approved members act for an organization, and the
government sees whether GFMD staff have verified it."""

from django.core import mail

from calls_for_action.models import Offer
from pfp.accounts.models import Membership, Organization, User
from pfp.taxonomy.models import Country, PartnerType
from tests.calls_for_action import cast

PASSWORD = "a sturdy passphrase 42"


def test_a_sign_up_naming_an_organization_cannot_act_for_it(
    client, call, partner, django_capture_on_commit_callbacks
):
    """The attack: sign up naming a verified organization, confirm your own address, then
    offer in its name and withdraw a colleague's offer. Until a member approves, neither."""
    organization = partner.membership.organization
    colleague_offer = cast.make_offer(call, partner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {
                "first_name": "Ivo",
                "email": "intruder@elsewhere.example",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "organization": organization.pk,
            },
        )
    (confirmation,) = [m for m in mail.outbox if "intruder@elsewhere.example" in m.to]
    link = next(word for word in confirmation.body.split() if "/accounts/confirm/" in word)
    client.post(link.removeprefix("https://pfp.example.org").removeprefix("http://127.0.0.1:8000"))
    intruder = User.objects.get(email="intruder@elsewhere.example")
    assert intruder.is_active
    client.force_login(intruder)

    assert client.get(f"/calls/{call.slug}/offer/").status_code == 403
    my_offers = client.get("/my/calls/offers/")
    assert "We run training centres" not in my_offers.content.decode()
    client.post(f"/my/calls/offers/{colleague_offer.pk}/withdraw/")
    colleague_offer.refresh_from_db()
    assert colleague_offer.status == Offer.Status.NEW


def test_the_inbox_says_whether_the_organization_is_verified(client, call, owner, partner):
    verified_offer = cast.make_offer(call, partner)
    newcomer = cast.make_user("founder@new.example")
    unverified = Organization.objects.create(
        name="Brand New Collective",
        partner_type=PartnerType.objects.get(slug="civil-society"),
        country=Country.objects.get(code="PH"),
        verified=False,
    )
    Membership.objects.create(user=newcomer, organization=unverified, confirmed=True)
    unverified_offer = cast.make_offer(call, newcomer)
    client.force_login(owner)
    page = client.get(f"/my/calls/{call.pk}/offers/").content.decode()
    verified_part = page.split(f'id="offer-{verified_offer.pk}"')[1].split("</section>")[0]
    unverified_part = page.split(f'id="offer-{unverified_offer.pk}"')[1].split("</section>")[0]
    assert "Organization verified by GFMD staff." in verified_part
    assert "Not verified" not in verified_part
    assert "Not verified" in unverified_part
    assert "GFMD staff have not verified this organization yet" in unverified_part


def test_the_new_offer_email_says_whether_the_organization_is_verified(
    call, owner, partner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cast.make_offer(call, partner)
    (message,) = [m for m in mail.outbox if owner.email in m.to]
    assert "The organization is verified by GFMD staff." in message.body


def test_a_pending_requester_sees_nothing_of_the_organization_on_my(
    client, call, partner, django_capture_on_commit_callbacks
):
    """The workspace home lists the organization's offers only to its members."""
    organization = partner.membership.organization
    cast.make_offer(call, partner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {
                "first_name": "Ivo",
                "email": "intruder@elsewhere.example",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "organization": organization.pk,
            },
        )
    intruder = User.objects.get(email="intruder@elsewhere.example")
    intruder.is_active = True
    intruder.save()
    client.force_login(intruder)
    page = client.get("/my/").content.decode()
    assert call.title not in page
    assert organization.name not in page
