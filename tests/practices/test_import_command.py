"""`manage.py import_practices`: the admin's import off the request."""

import pytest
from django.core.management import CommandError, call_command

from practices.models import Practice
from tests.moderation import cast
from tests.practices import import_files as files


@pytest.fixture
def moderator(reference_data):
    return cast.moderator("moderator@gfmd.example.org")


def test_it_is_a_dry_run_unless_confirmed(moderator, tmp_path, capsys):
    path = tmp_path / "practices.csv"
    path.write_bytes(files.as_csv(files.rows(5, bad=False)))

    call_command("import_practices", path, "--as", moderator.email)
    assert Practice.objects.count() == 0
    assert "5 new" in capsys.readouterr().out

    call_command("import_practices", path, "--as", moderator.email, "--publish", "--confirm")
    assert Practice.objects.published().count() == 5


def test_it_writes_nothing_from_a_file_with_a_bad_row(moderator, tmp_path, capsys):
    path = tmp_path / "practices.xlsx"
    path.write_bytes(files.as_xlsx(files.rows(8)))

    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("import_practices", path, "--as", moderator.email, "--confirm")

    assert "row 7 (old-00007) sdg_targets: Unknown SDG target: “10.z”." in capsys.readouterr().err
    assert Practice.objects.count() == 0


def test_only_a_moderator_imports(reference_data, tmp_path):
    path = tmp_path / "practices.csv"
    path.write_bytes(files.as_csv(files.rows(1, bad=False)))
    staff = cast.make_user("staff@gfmd.example.org", is_staff=True)
    with pytest.raises(CommandError, match="not a moderator"):
        call_command("import_practices", path, "--as", staff.email, "--confirm")
    assert Practice.objects.count() == 0
