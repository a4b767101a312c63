"""Analyse every practice's text again for the search index (after an upgrade that changes the
analysis, or to fill the postings of practices loaded before it existed)."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from practices.models import Practice
from practices.search.changes import record_full_rebuild
from practices.search.document import refresh_search_columns

CHUNK = 2_000


class Command(BaseCommand):
    help = (
        "Recompute the search columns of every practice (or only of those that have none "
        "with --missing); running processes then rebuild their search indexes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing",
            action="store_true",
            help="Only the published practices whose analysed text is missing.",
        )

    def handle(self, *args, missing, **options):
        started = time.perf_counter()
        practices = Practice.objects.order_by("id")
        if missing:
            practices = practices.published().filter(search_postings__isnull=True)
        ids = list(practices.values_list("id", flat=True))
        for start in range(0, len(ids), CHUNK):
            with transaction.atomic():
                refresh_search_columns(ids[start : start + CHUNK])
            if options["verbosity"] > 1:
                self.stdout.write(f"  {min(start + CHUNK, len(ids))} of {len(ids)}")
        if ids:
            record_full_rebuild()
        self.stdout.write(
            f"Analysed {len(ids)} practices for search in {time.perf_counter() - started:.1f} s."
        )
