"""`manage.py seed_demo`: demo accounts for each role, and demo content so that a first look
shows all three parts of the portal."""

import io
import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from calls_for_action.models import CallForAction, Offer
from meetings.models import Meeting
from pfp.accounts.models import Membership, Organization, User
from pfp.accounts.roles import government_of, is_moderator, organization_of
from pfp.moderation.models import ModerationLogEntry, ReviewState
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


# --- demo content -------------------------------------------------------------------------


def demo_counts():
    return (CallForAction.objects.count(), Offer.objects.count(), Meeting.objects.count())


def test_it_publishes_an_open_call_with_an_offer_and_one_past_its_deadline(
    report_practices, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        seed()
    calls = CallForAction.objects.order_by("deadline")
    assert [call.review_state for call in calls] == [ReviewState.PUBLISHED] * 2
    past, open_call = calls
    assert past.deadline < timezone.localdate() and not past.is_open
    assert past.government.country.code == "KE"
    assert open_call.is_open and open_call.government.country.code == "GH"
    assert open_call.related_practices.count() == 2
    offer = Offer.objects.get()
    assert offer.call == open_call
    assert offer.organization.name == "Migrant Rights Network (demo)"
    # Made through the workflow: each call's review is logged, and the offer was mailed.
    assert ModerationLogEntry.objects.filter(action="publish").count() == 2
    assert any(
        "diaspora skills exchange" in message.subject + message.body for message in mail.outbox
    )


def test_it_makes_an_upcoming_published_meeting_whose_agenda_links_report_practices(
    report_practices,
):
    seed()
    meeting = Meeting.objects.get()
    assert meeting.published and meeting.is_upcoming()
    assert meeting.accepts_registrations()
    linked = [p for item in meeting.agenda_items.all() for p in item.practices.all()]
    assert len(linked) == 3
    assert all(practice.is_published for practice in linked)


def test_a_second_run_creates_nothing_new(report_practices):
    seed()
    before = demo_counts()
    assert before == (2, 1, 1)
    assert "No demo content created" in seed()
    assert demo_counts() == before


def test_demo_content_says_so_on_its_public_pages(client, report_practices):
    seed()
    home = client.get("/").content.decode()
    assert "Demonstration: Partners for a diaspora skills exchange" in home
    assert "Demonstration: PfP meeting" in home
    assert "Demonstration: Funding for a pre-departure" in client.get("/calls/").content.decode()
    meeting = Meeting.objects.get()
    assert "Demonstration: PfP meeting" in client.get("/meetings/").content.decode()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "This meeting is demonstration data" in page


def test_remove_deletes_the_demo_content_and_keeps_the_rest(report_practices):
    seed()
    practices = Practice.objects.count()
    output = seed("--remove")
    assert "Removed 2 demo call(s) and 1 demo meeting(s)." in output
    assert demo_counts() == (0, 0, 0)
    assert not ModerationLogEntry.objects.filter(content_type__model="callforaction").exists()
    assert Practice.objects.count() == practices
    # A later run makes it again.
    seed()
    assert demo_counts() == (2, 1, 1)
