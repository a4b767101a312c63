"""Demo accounts for a first look: a moderator, three focal points and a partner.

Idempotent: an account that exists is left as it is (names, memberships, groups), except that
`--password` sets its password.
"""

import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from pfp.accounts.models import Membership, Organization, User
from pfp.taxonomy.models import Country, PartnerType
from portal.moderators import ensure_moderators_group
from practices.report import get_or_create_government, load_pfp_data

MODERATOR = {"email": "moderator@demo.pfp", "first_name": "Mona", "last_name": "Moderator"}
FOCAL_POINTS = [
    ({"email": "focal.gh@demo.pfp", "first_name": "Kwame", "last_name": "Mensah"}, "GH"),
    ({"email": "focal.ke@demo.pfp", "first_name": "Achieng", "last_name": "Otieno"}, "KE"),
    ({"email": "focal.ph@demo.pfp", "first_name": "Maria", "last_name": "Santos"}, "PH"),
]
PARTNER = {"email": "partner@demo.pfp", "first_name": "Paolo", "last_name": "Reyes"}
PARTNER_ORGANIZATION = {
    "name": "Migrant Rights Network (demo)",
    "partner_type": "civil-society",
    "country": "PH",
}


class Command(BaseCommand):
    help = (
        "Create demo accounts: a moderator, focal points for Ghana, Kenya and the Philippines, "
        "and a partner. For development and demonstrations: refuses to run with DEBUG off "
        "unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="Password for every demo account, also set on accounts that already exist. "
            "Without it, new accounts get a generated password, printed at the end.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (demo accounts on a public site are a risk).",
        )

    def handle(self, *args, password=None, force=False, verbosity=1, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like production, and demo accounts with known "
                "passwords do not belong there. Use --force if you really mean it."
            )
        reset_password = bool(password)
        password = password or secrets.token_urlsafe(12)
        with transaction.atomic():
            self.ensure_reference_data()
            accounts = self.seed(password, reset_password)
        if verbosity >= 1:
            self.report(accounts, password, reset_password)

    def ensure_reference_data(self):
        """Load the reference data when what the accounts need is missing."""
        codes = {code for _user, code in FOCAL_POINTS} | {PARTNER_ORGANIZATION["country"]}
        needed_types = {PartnerType.NATIONAL_GOVERNMENT, PARTNER_ORGANIZATION["partner_type"]}
        if Country.objects.filter(code__in=codes).count() < len(
            codes
        ) or PartnerType.objects.filter(slug__in=needed_types).count() < len(needed_types):
            load_pfp_data(reference_only=True)

    def seed(self, password, reset_password):
        """Returns [(user, role description, created)]."""
        accounts = []

        moderator, created = self.get_or_create_user(MODERATOR, password, reset_password)
        if created:
            moderator.is_staff = True
            moderator.save(update_fields=["is_staff"])
            moderator.groups.add(ensure_moderators_group())
        else:
            ensure_moderators_group()
        accounts.append((moderator, "moderator", created))

        for details, code in FOCAL_POINTS:
            government, _created = get_or_create_government(Country.objects.get(code=code))
            user, created = self.get_or_create_user(details, password, reset_password)
            if created:
                Membership.objects.create(
                    user=user,
                    organization=government,
                    role=Membership.Role.FOCAL_POINT,
                    confirmed=True,
                )
            accounts.append((user, f"focal point, {government}", created))

        organization = self.get_or_create_partner_organization()
        partner, created = self.get_or_create_user(PARTNER, password, reset_password)
        if created:
            Membership.objects.create(
                user=partner, organization=organization, role=Membership.Role.MEMBER, confirmed=True
            )
        accounts.append((partner, f"partner, {organization}", created))
        return accounts

    def get_or_create_user(self, details, password, reset_password):
        user = User.objects.filter(email=details["email"]).first()
        if user is None:
            return User.objects.create_user(password=password, **details), True
        if reset_password:
            user.set_password(password)
            user.save(update_fields=["password"])
        return user, False

    def get_or_create_partner_organization(self):
        organization = Organization.objects.filter(name=PARTNER_ORGANIZATION["name"]).first()
        if organization is None:
            organization = Organization.objects.create(
                name=PARTNER_ORGANIZATION["name"],
                partner_type=PartnerType.objects.get(slug=PARTNER_ORGANIZATION["partner_type"]),
                country=Country.objects.get(code=PARTNER_ORGANIZATION["country"]),
                verified=True,
            )
        return organization

    def report(self, accounts, password, reset_password):
        for user, role, created in accounts:
            if created or reset_password:
                state = "created" if created else "password set"
            else:
                state = "exists, password unchanged"
            self.stdout.write(f"  {user.email:<22} {role} ({state})")
        if reset_password or any(created for _user, _role, created in accounts):
            shown = password if not reset_password else "as given with --password"
            self.stdout.write(f"Password: {shown}")
        else:
            self.stdout.write("No account created.")
