from django.core.management.base import BaseCommand, CommandError

from pfp.core.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Put back the database and the uploaded files of an archive written by `backup`. "
        "Every table of the portal is replaced: stop the web and worker processes first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Confirm that the current data is to be replaced by the archive's.",
        )

    def handle(self, *args, archive, yes=False, **options):
        if not yes:
            raise CommandError(
                "restore replaces every record of the portal with the archive's: "
                "run it again with --yes to confirm."
            )
        try:
            manifest = restore(archive)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the database taken {manifest['created']} and "
            f"{manifest['media_files']} uploaded files."
        )
