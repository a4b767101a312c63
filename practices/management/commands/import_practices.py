"""`manage.py import_practices FILE --as EMAIL`: the admin's import of practices, off the
request (a file too large for one request, or a scripted migration).

The same resource, checks and choice as the admin (practices/imports.py). Without `--confirm`
it is the dry run: it prints every row with a problem and writes nothing. With `--confirm` a
file with any bad row is refused as a whole, as in the admin; a clean one is written in one
transaction.
"""

from pathlib import Path

import tablib
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from pfp.accounts.roles import is_moderator
from practices.imports import ImportMode, PracticeResource


class Command(BaseCommand):
    help = "Import practices from a CSV or XLSX file (a dry run unless --confirm)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--as", dest="actor", required=True, help="a moderator's email")
        parser.add_argument("--publish", action="store_true", help="publish new practices")
        parser.add_argument("--source", default="", help="recorded on new practices")
        parser.add_argument("--confirm", action="store_true", help="write, if no row is bad")

    def handle(self, *, file, actor, publish, source, confirm, **options):
        user = get_user_model().objects.filter(email__iexact=actor).first()
        if user is None or not is_moderator(user):
            raise CommandError(f"{actor} is not a moderator.")
        if not file.is_file():
            raise CommandError(f"No file {file}.")
        try:
            if file.suffix.lower() == ".xlsx":
                dataset = tablib.Dataset().load(file.read_bytes(), format="xlsx")
            else:
                dataset = tablib.Dataset().load(file.read_text(encoding="utf-8-sig"), "csv")
        except Exception as error:  # noqa: BLE001 - any unreadable file is the same answer
            raise CommandError(f"{file} cannot be read as CSV or XLSX: {error}") from error
        mode = ImportMode.PUBLISH if publish else ImportMode.DRAFT

        def run(dry_run):
            resource = PracticeResource(mode=mode, source=source, actor=user)
            return resource.import_data(
                dataset, dry_run=dry_run, raise_errors=False, user=user, file_name=file.name
            )

        result = run(dry_run=True)
        for error in result.base_errors:
            self.stderr.write(str(error.error))
        for row in result.rows:
            for column, message in row.messages:
                self.stderr.write(f"row {row.number} ({row.key or '-'}) {column}: {message}")
        totals = result.totals
        self.stdout.write(
            f"{totals['new']} new, {totals['update']} to update, {totals['skip']} unchanged, "
            f"{totals['invalid'] + totals['error']} with problems."
        )
        if result.has_errors() or result.has_validation_errors():
            raise CommandError("Nothing was written: correct the rows above and run it again.")
        if not confirm:
            self.stdout.write("Dry run: nothing was written (add --confirm to write).")
            return
        result = run(dry_run=False)
        self.stdout.write(
            f"Imported: {result.totals['new']} new, {result.totals['update']} updated."
        )
