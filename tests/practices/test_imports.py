"""Importing practices in the admin: upload, a dry run row by row, confirm; the key that makes
a second import change nothing; publish or draft; export in the same columns; who may import;
hostile files."""

import io
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from pfp.accounts.models import Organization
from pfp.moderation.models import ModerationLogEntry, ReviewState
from practices.imports import PracticeResource
from practices.models import Practice, PracticeIndexChange
from tests.moderation import cast
from tests.practices import import_files as files

IMPORT = reverse("admin:practices_practice_import")
PROCESS = reverse("admin:practices_practice_process_import")
EXPORT = reverse("admin:practices_practice_export")
CSV, XLSX = "0", "1"  # the positions of the formats on the form


@pytest.fixture(autouse=True)
def no_second_factor(settings):
    settings.PFP_REQUIRE_2FA_FOR_STAFF = False


@pytest.fixture
def moderator(reference_data):
    return cast.moderator("moderator@gfmd.example.org")


@pytest.fixture
def staff_client(client, moderator):
    client.force_login(moderator)
    return client


def upload(client, content, *, name="practices.csv", file_format=CSV, mode="draft", source=""):
    return client.post(
        IMPORT,
        {
            "import_file": SimpleUploadedFile(name, content),
            "format": file_format,
            "mode": mode,
            "source": source or "Previous PfP",
        },
    )


def confirm(client, dry_run_response):
    """Post the confirmation form the dry run page holds, as the button does."""
    form = dry_run_response.context["confirm_form"]
    data = {name: form.initial[name] for name in form.fields}
    return client.post(PROCESS, data)


def rows_by_number(response):
    return {row.number: row for row in response.context["result"].rows}


def log_count():
    return ModerationLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Practice)
    ).count()


def history_count():
    return Practice.history.count()


# --- the 1,000-row file --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "file_format", "write"),
    [("practices.csv", CSV, files.as_csv), ("practices.xlsx", XLSX, files.as_xlsx)],
)
def test_it_reports_every_bad_row_of_a_thousand_and_writes_nothing(
    staff_client, name, file_format, write
):
    """The dry run of a 1,000-row file with bad rows names each bad row, its column and its
    value in plain words, offers no confirmation, and writes nothing."""
    before = (Practice.objects.count(), Organization.objects.count(), history_count())
    started = time.process_time()
    response = upload(staff_client, write(files.rows(1000)), name=name, file_format=file_format)
    elapsed = time.process_time() - started

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    rows = rows_by_number(response)
    assert len(rows) == 1000
    bad = {number for number, row in rows.items() if row.messages}
    assert bad == set(files.BAD_ROWS)
    for number, (_changes, (column, words)) in files.BAD_ROWS.items():
        messages = rows[number].messages
        assert any(c == column and words in m for c, m in messages), (number, messages)
    assert {row.import_type for n, row in rows.items() if n not in bad} == {"new"}
    content = response.content.decode()
    assert "Unknown SDG target: “10.z”." in content
    assert "Unknown country code: “XX”." in content
    assert "A title is needed." in content
    assert (Practice.objects.count(), Organization.objects.count(), history_count()) == before
    # Processor time, not wall time: the machine the tests run on may be busy.
    assert elapsed < 120


def test_it_imports_a_thousand_rows_once(staff_client):
    """Confirming creates every row; importing the same file again changes nothing: no new
    practice, no history record, no moderation log entry."""
    content = files.as_csv(files.rows(1000, bad=False))
    dry_run = upload(staff_client, content, mode="publish")
    assert dry_run.context["result"].totals["new"] == 1000
    assert Practice.objects.count() == 0

    response = confirm(staff_client, dry_run)

    assert response.status_code == 302
    assert Practice.objects.count() == 1000
    assert Practice.objects.published().count() == 1000
    counts = (Practice.objects.count(), history_count(), log_count())
    changes = PracticeIndexChange.objects.count()

    again = upload(staff_client, content, mode="publish")
    assert again.context["result"].totals["skip"] == 1000
    assert again.context["result"].totals["new"] == 0
    confirm(staff_client, again)

    assert (Practice.objects.count(), history_count(), log_count()) == counts
    assert PracticeIndexChange.objects.count() == changes


# --- one row at a time ---------------------------------------------------------------------


def test_it_creates_a_practice_with_its_relations_by_public_identifiers(staff_client):
    row = files.good_row(
        5,
        lead_countries="GH; KE",
        other_countries="sn",
        partner_organizations="International Organization for Migration",
        partner_types="international-organization",
        thematic_areas="diaspora; remittances",
        sdg_targets="10.c; 10.7",
        gcm_objectives="19; 20",
        roundtables="2017-2.1",
        keywords="skills; diaspora bonds",
    )
    confirm(staff_client, upload(staff_client, files.as_csv([row])))

    practice = Practice.objects.get(external_id="old-00005")
    assert practice.title == row["title"]
    assert practice.review_state == ReviewState.DRAFT
    assert practice.government.country.code == "GH"
    assert sorted(str(c.code) for c in practice.lead_countries.all()) == ["GH", "KE"]
    assert [str(c.code) for c in practice.other_countries.all()] == ["SN"]
    assert sorted(t.code for t in practice.sdg_targets.all()) == ["10.7", "10.c"]
    assert sorted(t.slug for t in practice.thematic_areas.all()) == ["diaspora", "remittances"]
    assert sorted(o.number for o in practice.gcm_objectives.all()) == [19, 20]
    assert [r.identifier for r in practice.roundtables.all()] == ["2017-2.1"]
    assert sorted(t.name for t in practice.keywords.all()) == ["diaspora bonds", "skills"]
    organization = practice.partner_organizations.get()
    assert organization.name == "International Organization for Migration"
    assert organization.partner_type.slug == "international-organization"
    assert practice.history.count() == 1
    assert practice.history.get().history_type == "+"


def test_a_draft_import_is_left_for_the_lead_government(staff_client):
    """As drafts: the practices belong to their lead government, unpublished, with no
    decision in the moderation log."""
    confirm(staff_client, upload(staff_client, files.as_csv([files.good_row(1)]), mode="draft"))

    practice = Practice.objects.get()
    assert practice.review_state == ReviewState.DRAFT
    assert practice.published_at is None
    assert practice.government.country.code == files.good_row(1)["lead_countries"]
    assert log_count() == 0
    response = staff_client.get("/practices/")
    assert practice.title not in response.content.decode()


def test_a_published_import_records_its_source_and_the_decision(
    staff_client, moderator, django_capture_on_commit_callbacks
):
    """Published: the source is recorded on the practice, the moderation log says who
    published it and from where, and the practice is found by search."""
    row = files.good_row(1, source="", title="Diaspora skills exchange from Ghana")
    response = upload(
        staff_client, files.as_csv([row]), mode="publish", source="Old PfP, record 17"
    )
    with django_capture_on_commit_callbacks(execute=True):
        confirm(staff_client, response)

    practice = Practice.objects.get()
    assert practice.review_state == ReviewState.PUBLISHED
    assert practice.published_at is not None
    assert practice.last_reviewed_at is not None
    assert practice.source_note == "Old PfP, record 17"
    entry = ModerationLogEntry.objects.get(object_id=practice.pk)
    assert (entry.actor, entry.action, entry.from_state, entry.to_state) == (
        moderator,
        "publish",
        "draft",
        "published",
    )
    assert "Old PfP, record 17" in entry.comment
    practice.refresh_from_db()
    assert "diaspora" in practice.search_document
    found = staff_client.get("/practices/", {"q": "diaspora skills exchange"})
    assert practice.title in found.content.decode()


def test_it_updates_a_practice_by_its_key(staff_client):
    """A row whose key is known updates that practice (the columns it changes, nothing else)
    and keeps its review state."""
    confirm(staff_client, upload(staff_client, files.as_csv([files.good_row(1)]), mode="publish"))
    practice = Practice.objects.get()
    changed = files.good_row(1, summary="A new summary.", sdg_targets="10.c")

    response = upload(staff_client, files.as_csv([changed]), mode="draft")
    row = rows_by_number(response)[1]
    assert row.import_type == "update"
    assert row.changed_columns == ["summary", "sdg_targets"]
    assert "Changes: summary, sdg_targets" in response.content.decode()
    confirm(staff_client, response)

    practice.refresh_from_db()
    assert Practice.objects.count() == 1
    assert practice.summary == "A new summary."
    assert [t.code for t in practice.sdg_targets.all()] == ["10.c"]
    assert practice.review_state == ReviewState.PUBLISHED
    # Created published (one record, relations and all), then updated.
    assert list(practice.history.values_list("history_type", flat=True)) == ["~", "+"]


def test_a_key_twice_in_a_file_is_an_error(staff_client):
    content = files.as_csv([files.good_row(1), files.good_row(1, title="Another")])
    response = upload(staff_client, content)
    messages = rows_by_number(response)[2].messages
    assert messages == [("external_id", "The external_id “old-00001” is already used on row 1.")]
    assert "confirm_form" not in response.context


def test_a_summary_over_600_characters_is_an_error(staff_client):
    response = upload(staff_client, files.as_csv([files.good_row(1, summary="x" * 601)]))
    assert rows_by_number(response)[1].messages == [
        ("summary", "The summary has 601 characters; at most 600 are allowed.")
    ]


def test_a_file_without_the_key_column_is_refused(staff_client):
    columns = [c for c in files.COLUMNS if c != "external_id"]
    response = upload(staff_client, files.as_csv([files.good_row(1)], columns=columns))
    assert response.status_code == 200
    assert "The file has no external_id column" in response.content.decode()
    assert Practice.objects.count() == 0


# --- export --------------------------------------------------------------------------------


def export(client, file_format=CSV):
    """Post the export form as a person leaves it: every column ticked."""
    data = {"format": file_format, "resource": "0"}
    for name in PracticeResource().get_export_order():
        data[f"practiceresource_{name}"] = "on"
    return client.post(EXPORT, data)


def test_an_export_imports_back_unchanged(staff_client, report_practices):
    """The export has the import's columns; importing it changes nothing, including the
    practices made on the portal (keyed by their address)."""
    response = export(staff_client)
    assert response.status_code == 200
    content = response.content
    header = content.decode().splitlines()[0].lstrip("\ufeff").split(",")
    assert header == files.COLUMNS
    count = Practice.objects.count()

    history = history_count()

    response = upload(staff_client, content, mode="publish")

    assert response.context["result"].totals["skip"] == count
    confirm(staff_client, response)
    assert (Practice.objects.count(), history_count()) == (count, history)


def test_the_export_writes_formulae_as_text_and_reads_them_back(staff_client):
    """A cell a spreadsheet would run ("=cmd|…") is exported behind an apostrophe, and the
    import takes the apostrophe off: the text survives, the formula never runs."""
    row = files.good_row(1, title="=cmd|' /C calc'!A0", summary="+1+1", description="- a list")
    confirm(staff_client, upload(staff_client, files.as_csv([row])))

    response = export(staff_client, XLSX)

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = {column: cell.value for column, cell in zip(files.COLUMNS, sheet[2], strict=True)}
    assert values["title"] == "'=cmd|' /C calc'!A0"
    assert values["summary"] == "'+1+1"
    assert all(not str(value).startswith(("=", "+", "-", "@")) for value in values.values())
    again = upload(staff_client, response.content, name="export.xlsx", file_format=XLSX)
    assert again.context["result"].totals["skip"] == 1
    assert Practice.objects.get().title == "=cmd|' /C calc'!A0"


# --- who may import ------------------------------------------------------------------------


def test_a_focal_point_cannot_import(client, reference_data):
    """A forged post from someone who is not staff changes nothing."""
    government = cast.government("GH")
    client.force_login(cast.focal_point(government, "focal@gh.example.org"))
    response = upload(client, files.as_csv([files.good_row(1)]))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert Practice.objects.count() == 0


def test_staff_outside_the_moderators_cannot_import(client, reference_data):
    staff = cast.make_user("staff@gfmd.example.org", is_staff=True)
    client.force_login(staff)
    assert upload(client, files.as_csv([files.good_row(1)])).status_code == 403
    assert client.post(PROCESS, {"import_file_name": "x", "format": CSV}).status_code == 403
    assert Practice.objects.count() == 0


def test_a_forged_confirmation_of_another_file_reads_nothing(staff_client):
    response = staff_client.post(
        PROCESS,
        {
            "import_file_name": "../../etc/passwd",
            "original_file_name": "x.csv",
            "format": CSV,
            "mode": "publish",
            "source": "x",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == IMPORT
    assert Practice.objects.count() == 0


# --- hostile files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "file_format", "content"),
    [
        ("broken.xlsx", XLSX, b"PK\x03\x04 not really a workbook"),
        ("image.csv", CSV, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"),
        ("empty.csv", CSV, b""),
        ("text.xlsx", XLSX, b"external_id,title\n1,a\n"),
    ],
)
def test_a_broken_file_gets_a_message(staff_client, name, file_format, content):
    response = upload(staff_client, content, name=name, file_format=file_format)
    assert response.status_code == 200
    assert response.context["form"].errors or response.context["result"].has_errors()
    assert Practice.objects.count() == 0


def test_a_huge_file_is_refused(staff_client, settings):
    settings.PFP_MAX_UPLOAD_BYTES = 1024
    response = upload(staff_client, files.as_csv(files.rows(20, bad=False)))
    assert response.status_code == 200
    assert "The file is larger than 1 MB" in response.content.decode()
    assert Practice.objects.count() == 0


def test_a_file_of_too_many_rows_is_refused(staff_client, monkeypatch):
    monkeypatch.setattr("practices.imports.MAX_IMPORT_ROWS", 3)
    response = upload(staff_client, files.as_csv(files.rows(4, bad=False)))
    assert "The file has 4 rows; at most 3 are imported at once." in response.content.decode()
    assert "confirm_form" not in response.context
    assert Practice.objects.count() == 0
