"""`manage.py remind_stale_reviews`: ask governments to review their out-of-date practices.

Meant for a yearly cron job. A published practice is stale when its last review is older than
`PFP_REVIEW_AFTER_DAYS`. The focal points of each government get one message listing its stale
practices; each reminder is written to the practice's moderation log, and a practice reminded
in the last 300 days is left out, so that running the command twice (or monthly) does not
nag anyone.
"""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import ngettext

from pfp.moderation import notifications, workflow
from pfp.moderation.models import ModerationLogEntry
from practices.models import Practice

REMINDER_ACTION = "review_reminder"
REMIND_AGAIN_AFTER_DAYS = 300


def stale_practices(*, today, now):
    """Published practices due for review and not reminded recently, by government."""
    cutoff = today - timedelta(days=settings.PFP_REVIEW_AFTER_DAYS)
    recently_reminded = ModerationLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Practice),
        action=REMINDER_ACTION,
        created_at__gte=now - timedelta(days=REMIND_AGAIN_AFTER_DAYS),
    ).values("object_id")
    return (
        Practice.objects.published()
        .filter(
            Q(last_reviewed_at__lt=cutoff)
            # Never reviewed: counted from its publication.
            | Q(last_reviewed_at__isnull=True, published_at__date__lt=cutoff)
        )
        .exclude(pk__in=recently_reminded)
        .select_related("government")
        .order_by("government__name", "last_reviewed_at", "title", "pk")
    )


def review_age():
    days = settings.PFP_REVIEW_AFTER_DAYS
    if days >= 365 and days % 365 == 0:
        years = days // 365
        return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


class Command(BaseCommand):
    help = (
        "Email the focal points of each government one reminder listing its published "
        "practices not reviewed for PFP_REVIEW_AFTER_DAYS days, and log each reminder. "
        f"Practices reminded in the last {REMIND_AGAIN_AFTER_DAYS} days are skipped. "
        "Suitable for a yearly cron job."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be sent; send nothing and log nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        by_government, orphans = defaultdict(list), []
        for practice in stale_practices(today=timezone.localdate(now), now=now):
            if practice.government_id is None:
                orphans.append(practice)
            else:
                by_government[practice.government].append(practice)

        for practice in orphans:
            self.stderr.write(f"No owning government, nobody to remind: {practice.title}")

        connection = None if dry_run else get_connection()
        sent, reminded, failures = 0, 0, []
        for government, practices in by_government.items():
            recipients = notifications.focal_point_emails(government.pk)
            if not recipients:
                self.stderr.write(
                    f"{government}: no confirmed focal point, nobody to remind about "
                    f"{len(practices)} practice(s)."
                )
                continue
            rendered = self.render(government, practices, recipients)
            verb = "Would send" if dry_run else "Sending"
            self.stdout.write(
                f"{verb} to {government} ({', '.join(recipients)}): {len(practices)} practice(s)"
            )
            for practice in practices:
                self.stdout.write(
                    f"  - {practice.title} (last reviewed {self.reviewed_on(practice)})"
                )
            if dry_run:
                continue
            try:
                # Logged and sent together: a message that could not be sent is not logged,
                # so that the next run tries again.
                with transaction.atomic():
                    for practice in practices:
                        workflow.log(
                            item=practice,
                            actor=None,
                            action=REMINDER_ACTION,
                            from_state=practice.review_state,
                            to_state=practice.review_state,
                            comment=f"Reminder sent to {', '.join(recipients)}.",
                        )
                    notifications.send_to_group(
                        rendered=rendered, recipients=recipients, connection=connection
                    )
            except Exception as error:  # a mail server refusing one message stops no other
                failures.append(government)
                self.stderr.write(f"{government}: the reminder could not be sent: {error}")
                continue
            sent += 1
            reminded += len(practices)

        if dry_run:
            self.stdout.write(f"Dry run: {len(by_government)} government(s) with stale practices.")
        else:
            self.stdout.write(f"Reminded {sent} government(s) about {reminded} practice(s).")
        if failures:
            raise CommandError(f"{len(failures)} reminder(s) could not be sent.")

    @staticmethod
    def reviewed_on(practice):
        return practice.last_reviewed_at or timezone.localdate(practice.published_at)

    def render(self, government, practices, recipients):
        return notifications.render_email(
            "moderation/email/review_reminder",
            {
                "government": government,
                "age": review_age(),
                "practices": [
                    {
                        "title": practice.title,
                        "reviewed_on": self.reviewed_on(practice),
                        "url": notifications.site_url(practice.get_absolute_url()),
                    }
                    for practice in practices
                ],
                "workspace_url": notifications.site_url("/my/"),
            },
            recipients=recipients,
        )
