"""Demo accounts for a first look: a moderator, three focal points and a partner; and demo
content so that all three parts of the portal show something: two calls for action (one open,
with an offer, and one past its deadline) and an upcoming PfP meeting whose agenda links
practices of the report.

Idempotent: an account that exists is left as it is (names, memberships, groups), except that
`--password` sets its password; demo content that exists is not made again.

Demo content is marked as such where people see it and in the data: its titles begin with
"Demonstration:", so its slugs begin with `demonstration-`, which is what `--remove` deletes.
"""

import datetime
import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from calls_for_action import services as call_services
from calls_for_action.models import CallForAction, Offer
from meetings.models import AgendaItem, Meeting
from pfp.accounts.models import Membership, Organization, User
from pfp.moderation import workflow
from pfp.moderation.models import ModerationLogEntry
from pfp.taxonomy.models import Country, PartnerType, Summit, ThematicArea
from portal.moderators import ensure_moderators_group
from practices.models import Practice
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


DEMO_PREFIX = "Demonstration: "
DEMO_SLUG_PREFIX = "demonstration-"
OPEN_CALL = {
    "author": "focal.gh@demo.pfp",
    "title": DEMO_PREFIX + "Partners for a diaspora skills exchange between Ghana and Europe",
    "kind": CallForAction.Kind.SEEKING_PARTNERS,
    "description": (
        "The Government of Ghana seeks partners to run short assignments in which health and "
        "education professionals of the diaspora train colleagues in Ghana.\n\n"
        "*This call is demonstration data, created by `manage.py seed_demo`.*"
    ),
    "sought": "Organizations of the diaspora, universities and hospitals willing to host or "
    "send professionals for two to six weeks.",
    "deadline_days": 90,
    "themes": ["diaspora", "labour-migration"],
}
PAST_CALL = {
    "author": "focal.ke@demo.pfp",
    "title": DEMO_PREFIX + "Funding for a pre-departure orientation programme in Kenya",
    "kind": CallForAction.Kind.SEEKING_FUNDING,
    "description": (
        "The Government of Kenya sought funding for orientation courses for workers leaving "
        "for jobs abroad. Its deadline has passed, so it shows as closed.\n\n"
        "*This call is demonstration data, created by `manage.py seed_demo`.*"
    ),
    "sought": "Funding or in-kind support for trainers and course material.",
    "deadline_days": -14,
    "themes": ["labour-migration"],
}
OFFER = {
    "kind": "join",
    "message": "Our network can put you in touch with nurses and teachers of the Ghanaian "
    "diaspora in Italy and Spain who would take part. (Demonstration offer.)",
    "contact_name": "Paolo Reyes",
    "contact_email": "partner@demo.pfp",
    "contact_phone": "",
}
MEETING = {
    "title": DEMO_PREFIX + "PfP meeting: learning from practices on labour mobility",
    "slug": DEMO_SLUG_PREFIX + "pfp-meeting-labour-mobility",
    "description": (
        "Governments present practices of the GFMD report and discuss what made them work, "
        "or not.\n\n*This meeting is demonstration data, created by `manage.py seed_demo`.*"
    ),
    # The second item presents practices of the report.
    "agenda": [
        {
            "start_time": datetime.time(14, 0),
            "title": "Welcome and introductions",
            "speakers": "GFMD Support Unit",
        },
        {
            "start_time": datetime.time(14, 15),
            "title": "Practices on health workers",
            "speakers": "Focal points of Kenya and Ghana",
        },
        {"start_time": datetime.time(15, 0), "title": "Open discussion and next steps"},
    ],
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
        parser.add_argument(
            "--remove",
            action="store_true",
            help="Delete the demo calls for action (with their offers) and the demo meeting; "
            "the demo accounts stay.",
        )

    def handle(self, *args, password=None, force=False, remove=False, verbosity=1, **options):
        if remove:
            calls, meetings = self.remove_content()
            if verbosity >= 1:
                self.stdout.write(f"Removed {calls} demo call(s) and {meetings} demo meeting(s).")
            return
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
            content = self.seed_content()
        if verbosity >= 1:
            self.report(accounts, password, reset_password)
            for line in content:
                self.stdout.write(line)

    # --- demo content ------------------------------------------------------------------------

    def seed_content(self):
        """The demo calls, offer and meeting, made through the same services as by people."""
        made = []
        moderator = User.objects.get(email=MODERATOR["email"])
        open_call = self.demo_call(OPEN_CALL, moderator, made)
        partner = User.objects.get(email=PARTNER["email"])
        if call_services.own_offer(partner, open_call) is None and open_call.is_open:
            call_services.offer_make(call=open_call, actor=partner, fields=OFFER)
            made.append(f"  demo offer on {open_call.title}")
        self.demo_call(PAST_CALL, moderator, made)
        self.demo_meeting(made)
        return made or ["No demo content created: it exists already."]

    def demo_call(self, spec, moderator, made):
        existing = CallForAction.objects.filter(title=spec["title"]).first()
        if existing is not None:
            return existing
        author = User.objects.get(email=spec["author"])
        today = timezone.localdate()
        fields = {
            "title": spec["title"],
            "kind": spec["kind"],
            "description": spec["description"],
            "sought": spec["sought"],
            # Submitted with a deadline ahead, as a focal point must; a past one is set below.
            "deadline": today + datetime.timedelta(days=max(spec["deadline_days"], 30)),
            "thematic_areas": ThematicArea.objects.filter(slug__in=spec["themes"]),
            "related_practices": self.report_practices()[:2],
        }
        call = call_services.call_create(actor=author, fields=fields)
        call = call_services.call_submit(call=call, actor=author)
        call = workflow.perform(item=call, action_name="publish", actor=moderator)
        if spec["deadline_days"] < 0:
            # As if the weeks had gone by since it was published: the call now reads as closed.
            deadline = today + datetime.timedelta(days=spec["deadline_days"])
            CallForAction.objects.filter(pk=call.pk).update(deadline=deadline)
            call.deadline = deadline
        made.append(f"  demo call: {call.title}")
        return call

    def demo_meeting(self, made):
        if Meeting.objects.filter(slug=MEETING["slug"]).exists():
            return
        summit = Summit.objects.order_by("-year").first()
        if summit is None:
            return
        day = timezone.localdate() + datetime.timedelta(days=45)
        start = datetime.datetime.combine(day, datetime.time(14, 0), tzinfo=datetime.UTC)
        meeting = Meeting(
            summit=summit,
            title=MEETING["title"],
            slug=MEETING["slug"],
            start=start,
            end=start + datetime.timedelta(hours=2),
            format=Meeting.Format.ONLINE,
            online_url="https://meet.example.org/pfp-demo",
            description=MEETING["description"],
            registration_open=True,
            capacity=40,
            published=True,
        )
        meeting.full_clean()
        meeting.save()
        practices = self.report_practices()
        for position, spec in enumerate(MEETING["agenda"]):
            item = AgendaItem.objects.create(meeting=meeting, position=position, **spec)
            if position == 1:
                item.practices.set(practices[:3])
        made.append(f"  demo meeting: {meeting.title}")

    def report_practices(self):
        """Published practices of the report on health workers, or any published ones."""
        published = Practice.objects.published().order_by("pk")
        health = published.filter(title__icontains="health")
        return list(health[:3]) or list(published[:3])

    def remove_content(self):
        """Delete the demo calls (their offers and review log too) and the demo meetings."""
        with transaction.atomic():
            calls = CallForAction.objects.filter(slug__startswith=DEMO_SLUG_PREFIX)
            call_ids = list(calls.values_list("pk", flat=True))
            # Offers protect their call from deletion: they go first.
            Offer.objects.filter(call_id__in=call_ids).delete()
            ModerationLogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(CallForAction),
                object_id__in=call_ids,
            ).delete()
            calls.delete()
            meetings = Meeting.objects.filter(slug__startswith=DEMO_SLUG_PREFIX)
            meeting_count = meetings.count()
            meetings.delete()
        return len(call_ids), meeting_count

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
