"""Delete old rows of the index change log (run it daily, from the scheduler)."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from practices.search.changes import DEFAULT_KEEP, prune_changes


class Command(BaseCommand):
    help = (
        "Delete index changes older than the given number of days. Running processes that "
        "had not read them yet rebuild their facet index."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_KEEP.days,
            help="Keep the changes of this many days (default %(default)s).",
        )

    def handle(self, *args, days, **options):
        if days < 0:
            raise CommandError("--days must be zero or more.")
        deleted = prune_changes(keep=timedelta(days=days))
        self.stdout.write(f"Deleted {deleted} index changes older than {days} days.")
