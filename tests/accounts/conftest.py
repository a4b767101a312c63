"""A small cast for the accounts tests: two governments with a focal point each, a partner
organization with a member, and a moderator.

Authentication goes through django-axes, which needs the request: tests sign in with
`client.force_login(user)`, except where the sign-in form itself is under test.
"""

import re

import pytest
from django.core import mail

from pfp.accounts.models import Membership, Organization, User
from pfp.taxonomy.models import Country, PartnerType
from portal.moderators import ensure_moderators_group

PASSWORD = "correct horse battery staple"
LINK = re.compile(r"https?://\S+?(/accounts/[\w-]+/[^\s/]+/)")


@pytest.fixture(autouse=True)
def accounts_settings(settings):
    settings.PFP_REQUIRE_2FA_FOR_STAFF = False
    settings.PFP_SITE_URL = "https://pfp.example.org"
    return settings


@pytest.fixture
def partner_types(db):
    rows = [
        (PartnerType.NATIONAL_GOVERNMENT, "National government"),
        ("international-organization", "International organization"),
        ("civil-society", "Civil society organization"),
    ]
    return {
        slug: PartnerType.objects.create(slug=slug, name=name, position=position)
        for position, (slug, name) in enumerate(rows)
    }


@pytest.fixture
def countries(db):
    rows = [
        ("GH", "GHA", 288, "Ghana"),
        ("KE", "KEN", 404, "Kenya"),
        ("PH", "PHL", 608, "Philippines"),
    ]
    return {
        code: Country.objects.create(code=code, iso3=iso3, m49=m49, name=name)
        for code, iso3, m49, name in rows
    }


def make_government(partner_types, country):
    return Organization.objects.create(
        name=f"Government of {country.name}",
        partner_type=partner_types[PartnerType.NATIONAL_GOVERNMENT],
        country=country,
        verified=True,
    )


def make_user(email, *, organization=None, role=Membership.Role.MEMBER, **fields):
    user = User.objects.create_user(email=email, password=PASSWORD, **fields)
    if organization is not None:
        Membership.objects.create(user=user, organization=organization, role=role, confirmed=True)
    return user


@pytest.fixture
def ghana(partner_types, countries):
    return make_government(partner_types, countries["GH"])


@pytest.fixture
def kenya(partner_types, countries):
    return make_government(partner_types, countries["KE"])


@pytest.fixture
def ngo(partner_types, countries):
    return Organization.objects.create(
        name="Migrant Rights Network",
        partner_type=partner_types["civil-society"],
        country=countries["PH"],
        verified=True,
    )


@pytest.fixture
def focal_gh(ghana):
    return make_user("kwame@gov.gh.example", organization=ghana, role=Membership.Role.FOCAL_POINT)


@pytest.fixture
def focal_ke(kenya):
    return make_user("achieng@gov.ke.example", organization=kenya, role=Membership.Role.FOCAL_POINT)


@pytest.fixture
def partner(ngo):
    return make_user("paolo@ngo.example", organization=ngo, first_name="Paolo")


@pytest.fixture
def moderator(db):
    user = make_user("mona@gfmd.example", is_staff=True, first_name="Mona")
    user.groups.add(ensure_moderators_group())
    return user


def links_in(message):
    """The /accounts/… paths of the links in an email."""
    return LINK.findall(message.body)


def only_link(message):
    links = links_in(message)
    assert len(links) == 1, message.body
    return links[0]


def sent_to(address):
    return [message for message in mail.outbox if address in message.to]
