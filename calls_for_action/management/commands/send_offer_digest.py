"""Send the daily digest of new offers to the focal points who chose it. Run once a day by
cron. Each offer goes out in one digest only: it is marked when its government's digest is
sent, and an offer made while the command runs waits for the next day."""

from itertools import groupby

from django.core.management.base import BaseCommand
from django.utils import timezone

from calls_for_action import notifications
from calls_for_action.models import Offer


class Command(BaseCommand):
    help = "Email the daily digest of new offers to focal points who chose it."

    def handle(self, *args, verbosity=1, **options):
        now = timezone.now()
        pending = list(
            Offer.objects.filter(digested_at__isnull=True, created_at__lte=now)
            .select_related("call__government", "organization")
            .order_by("call__government_id", "created_at")
        )
        sent = 0
        for government_id, offers in groupby(pending, key=lambda o: o.call.government_id):
            offers = list(offers)
            live = [offer for offer in offers if offer.status != Offer.Status.WITHDRAWN]
            if live:
                for email in notifications.digest_recipients(government_id):
                    notifications.offer_digest(email=email, offers=live)
                    sent += 1
            Offer.objects.filter(pk__in=[o.pk for o in offers]).update(digested_at=now)
        if verbosity:
            self.stdout.write(f"{sent} digest(s) sent, {len(pending)} offer(s) covered.")
