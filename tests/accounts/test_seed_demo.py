"""`manage.py seed_demo`: demo accounts for each role."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from pfp.accounts.models import Membership, Organization, User
from pfp.accounts.roles import government_of, is_moderator, organization_of
from practices.models import Practice

DEMO_EMAILS = [
    "moderator@demo.pfp",
    "focal.gh@demo.pfp",
    "focal.ke@demo.pfp",
    "focal.ph@demo.pfp",
    "partner@demo.pfp",
]


@pytest.fixture(autouse=True)
def debug_on(settings):
    settings.DEBUG = True


def seed(*args):
    output = io.StringIO()
    call_command("seed_demo", *args, stdout=output)
    return output.getvalue()


def printed_password(output):
    return re.search(r"^Password: (\S+)$", output, flags=re.MULTILINE).group(1)


def counts():
    return (User.objects.count(), Membership.objects.count(), Organization.objects.count())


def test_it_creates_a_moderator(reference_data):
    """The moderator is staff in the Moderators group, which may manage but not delete users."""
    seed()
    moderator = User.objects.get(email="moderator@demo.pfp")
    assert is_moderator(moderator)
    assert not moderator.is_superuser
    assert moderator.get_full_name()
    assert moderator.has_perm("practices.change_practice")
    assert moderator.has_perm("taxonomy.add_summit")
    assert moderator.has_perm("accounts.change_organization")
    assert moderator.has_perm("moderation.view_moderationlogentry")
    assert not moderator.has_perm("accounts.delete_user")
    assert not moderator.has_perm("moderation.change_moderationlogentry")
    assert government_of(moderator) is None


@pytest.mark.parametrize(
    ("email", "country"),
    [("focal.gh@demo.pfp", "GH"), ("focal.ke@demo.pfp", "KE"), ("focal.ph@demo.pfp", "PH")],
)
def test_it_creates_focal_points_of_their_governments(reference_data, email, country):
    """Each focal point acts for the verified national government of its country."""
    seed()
    user = User.objects.get(email=email)
    government = government_of(user)
    assert government is not None
    assert government.country.code == country
    assert government.verified
    assert not is_moderator(user)
    assert user.get_full_name()


def test_it_creates_a_partner_without_government_powers(reference_data):
    """The partner belongs to a verified civil-society organization and acts for no government."""
    seed()
    partner = User.objects.get(email="partner@demo.pfp")
    organization = organization_of(partner)
    assert organization.partner_type.slug == "civil-society"
    assert organization.verified
    assert organization.country.code == "PH"
    assert government_of(partner) is None
    assert not is_moderator(partner)


def test_it_loads_the_reference_data_it_needs(db):
    """On an empty database it loads the reference data first."""
    seed()
    assert government_of(User.objects.get(email="focal.gh@demo.pfp")).country.code == "GH"


def test_it_reuses_the_governments_of_the_report(report_practices):
    """A focal point joins the government that owns its country's practices."""
    organizations = Organization.objects.count()
    seed()
    government = government_of(User.objects.get(email="focal.gh@demo.pfp"))
    practice = Practice.objects.get(title="National Migration Policy (Ghana)")
    assert practice.government == government
    # Kenya and the Philippines own practices too: only the partner's organization is new.
    assert Organization.objects.count() == organizations + 1


def test_it_refuses_to_run_with_debug_off(reference_data, settings):
    """Without --force it refuses when DEBUG is off, and creates nothing."""
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        seed()
    assert not User.objects.exists()


def test_it_runs_with_debug_off_when_forced(reference_data, settings):
    """--force runs it with DEBUG off."""
    settings.DEBUG = False
    seed("--force")
    assert sorted(User.objects.values_list("email", flat=True)) == sorted(DEMO_EMAILS)


def test_it_prints_a_generated_password_that_works(reference_data):
    """Without --password it prints the accounts and the password it generated for them."""
    output = seed()
    password = printed_password(output)
    for email in DEMO_EMAILS:
        assert email in output
        assert User.objects.get(email=email).check_password(password)


def test_it_changes_nothing_when_run_again(reference_data):
    """A second run creates nothing and keeps the passwords."""
    password = printed_password(seed())
    before = counts()
    output = seed()
    assert counts() == before
    assert "Password:" not in output
    for user in User.objects.all():
        assert user.check_password(password)


def test_it_keeps_staff_changes_to_demo_accounts(reference_data):
    """A rerun does not undo a change staff made to a demo account."""
    seed()
    User.objects.filter(email="focal.ke@demo.pfp").update(first_name="Wanjiru")
    Membership.objects.filter(user__email="focal.ke@demo.pfp").update(confirmed=False)
    seed()
    user = User.objects.get(email="focal.ke@demo.pfp")
    assert user.first_name == "Wanjiru"
    assert government_of(user) is None


def test_it_sets_the_given_password(reference_data):
    """--password sets that password on every account, also on accounts that exist."""
    seed("--password", "first-demo-password")
    assert User.objects.get(email="partner@demo.pfp").check_password("first-demo-password")
    seed("--password", "second-demo-password")
    assert User.objects.count() == len(DEMO_EMAILS)
    for user in User.objects.all():
        assert user.check_password("second-demo-password")


def test_migrate_leaves_a_moderators_group_with_review_permissions(db):
    """A production site has the Moderators group without running seed_demo."""
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    group = Group.objects.get(name="Moderators")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"change_practice", "view_practice", "change_callforaction"} <= codenames
    assert "delete_practice" not in codenames
