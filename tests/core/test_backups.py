"""A backup holds the database and the uploaded files; a restore brings both back."""

import tarfile

import pytest
from django.core.management import CommandError, call_command

from pfp.accounts.models import Organization
from pfp.taxonomy.models import PartnerType


@pytest.fixture
def records(db):
    kind = PartnerType.objects.create(slug="civil-society", name="Civil society", position=1)
    return [
        Organization.objects.create(name=f"Diaspora Network {n}", partner_type=kind)
        for n in range(3)
    ]


@pytest.mark.django_db(transaction=True)
def test_a_restore_brings_back_the_records_and_files_of_the_backup(records, media_root, tmp_path):
    attachment = media_root / "attachments" / "2026" / "report.pdf"
    attachment.parent.mkdir(parents=True)
    attachment.write_bytes(b"%PDF-1.7 the evaluation report")
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", output=str(archive), verbosity=0)
    Organization.objects.all().delete()
    attachment.unlink()
    call_command("restore", str(archive), "--yes", verbosity=0)

    assert sorted(Organization.objects.values_list("name", flat=True)) == [
        "Diaspora Network 0",
        "Diaspora Network 1",
        "Diaspora Network 2",
    ]
    assert attachment.read_bytes() == b"%PDF-1.7 the evaluation report"


@pytest.mark.django_db(transaction=True)
def test_a_restore_needs_confirmation_and_changes_nothing_without_it(records, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), verbosity=0)
    Organization.objects.filter(pk=records[0].pk).delete()

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive), verbosity=0)

    assert Organization.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_an_archive_cannot_write_outside_the_media_folder(records, media_root, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), verbosity=0)
    hostile = tmp_path / "hostile.tar.gz"
    outside = tmp_path / "outside.txt"
    with tarfile.open(archive) as source, tarfile.open(hostile, "w:gz") as target:
        for member in source.getmembers():
            target.addfile(member, source.extractfile(member))
        evil = tmp_path / "evil.txt"
        evil.write_text("overwritten")
        target.add(evil, arcname="media/../../outside.txt")

    with pytest.raises(CommandError):
        call_command("restore", str(hostile), "--yes", verbosity=0)

    assert not outside.exists()
