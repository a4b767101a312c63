"""The people of the review tests: governments, their focal points, a partner, moderators.

One cast for the tests of practices, calls and the workflow alike, built the way the portal
builds them: a national-government organization for a country, a confirmed focal-point
membership; a partner is a member of a civil-society organization; a moderator is staff in
the Moderators group, with its permissions. Plain functions, so that any test folder (the
workspace, the admin, the browser tests) can use them.
"""

import itertools

from pfp.accounts.models import Membership, Organization, User
from pfp.taxonomy.models import Country, PartnerType
from portal.moderators import ensure_moderators_group

_numbers = itertools.count(1)
PASSWORD = "a-long-test-password-42"


def make_user(email=None, *, password=PASSWORD, **fields):
    email = email or f"user{next(_numbers)}@example.org"
    return User.objects.create_user(email=email, password=password, **fields)


def government(code):
    """The national-government organization of a country (needs the reference data)."""
    country = Country.objects.get(code=code)
    organization = Organization.objects.filter(country=country, is_national_government=True)
    return organization.first() or Organization.objects.create(
        name=f"Government of {country.name}",
        partner_type=PartnerType.objects.get(slug=PartnerType.NATIONAL_GOVERNMENT),
        country=country,
        verified=True,
    )


def focal_point(of, email=None, *, confirmed=True, **fields):
    user = make_user(email, **fields)
    Membership.objects.create(
        user=user, organization=of, role=Membership.Role.FOCAL_POINT, confirmed=confirmed
    )
    return user


def partner(email=None):
    organization = Organization.objects.create(
        name=f"Migrant Network {next(_numbers)}",
        partner_type=PartnerType.objects.get(slug="civil-society"),
        country=Country.objects.get(code="PH"),
        verified=True,
    )
    user = make_user(email)
    Membership.objects.create(
        user=user, organization=organization, role=Membership.Role.MEMBER, confirmed=True
    )
    return user


def moderator(email=None, *, password=PASSWORD):
    """A staff user in the Moderators group, with the group's permissions as seed_demo sets
    them (view, add and change; no delete)."""
    user = make_user(email, password=password, is_staff=True)
    user.groups.add(ensure_moderators_group())
    return user
