from django.core.management.base import BaseCommand, CommandError

from pfp.taxonomy.loading import LoadError
from practices.report import load_pfp_data


class Command(BaseCommand):
    help = (
        "Load the reference data and the practices of the GFMD report from fixtures/. "
        "Creates only what is missing and never changes an existing row, so it is safe to "
        "run again after staff have edited the data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reference-only",
            action="store_true",
            help="Load the reference data only, not the practices of the GFMD report.",
        )

    def handle(self, *args, reference_only=False, verbosity=1, **options):
        try:
            result = load_pfp_data(reference_only=reference_only)
        except LoadError as error:
            raise CommandError(str(error)) from error
        if verbosity >= 1:
            for warning in result.warnings:
                self.stderr.write(self.style.WARNING(warning))
            self.stdout.write(result.summary())
