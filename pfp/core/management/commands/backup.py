from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pfp.core.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write the database (a consistent pg_dump, or a copy of the SQLite file) and every "
        "uploaded file into one .tar.gz archive."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="The archive to write (default: pfp-backup-<UTC time>.tar.gz here).",
        )

    def handle(self, *args, output=None, **options):
        output = output or f"pfp-backup-{timezone.now():%Y%m%dT%H%M%SZ}.tar.gz"
        try:
            manifest = backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Wrote {output}: the {manifest['engine']} database and "
            f"{manifest['media_files']} uploaded files."
        )
