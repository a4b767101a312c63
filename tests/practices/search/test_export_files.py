"""Large exports are written once per change of the public data and served as files; while
one is being written, or every slot is busy, a request is told at once to come back."""

import fcntl
import json

import pytest

from pfp.core import export_files
from pfp.moderation import workflow
from practices.models import Practice
from practices.search import exports
from tests.practices import workspace_cast as cast


@pytest.fixture
def files(settings, tmp_path, report_practices):
    settings.PFP_EXPORT_DIR = tmp_path / "exports"
    # Every result counts as large here: the 32 practices of the report go through the files.
    settings.PFP_EXPORT_STREAM_MAX = 0
    settings.PFP_EXPORT_SLOTS = 1
    settings.PFP_MEDIA_ACCEL = ""
    return settings.PFP_EXPORT_DIR


def body(response):
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_first_request_writes_the_file_and_later_ones_are_served_from_it(
    client, files, monkeypatch
):
    first = client.get("/practices/?format=csv&theme=remittances")
    assert first.status_code == 200
    written = [p for p in files.iterdir() if p.suffix == ".csv"]
    assert len(written) == 1

    def no_database_reads(*args, **kwargs):
        raise AssertionError("the export was built again")

    monkeypatch.setattr(exports, "_batches", no_database_reads)
    second = client.get("/practices/?format=csv&theme=remittances")

    assert second.status_code == 200
    assert body(second) == body(first)
    assert second["Content-Disposition"].startswith("attachment;")


def test_a_change_the_public_sees_makes_a_new_file(client, files):
    before = json.loads(body(client.get("/practices/?format=json")))
    moderator = cast.moderator()
    practice = Practice.objects.published().order_by("title").first()
    workflow.perform(item=practice, action_name="unpublish", actor=moderator, comment="Outdated")

    after = json.loads(body(client.get("/practices/?format=json")))

    assert after["count"] == before["count"] - 1
    assert practice.title not in {p["title"] for p in after["practices"]}
    assert len([p for p in files.iterdir() if p.suffix == ".json"]) == 2


def hold(path):
    handle = open(path, "a+")  # noqa: SIM115
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return handle


def test_with_every_slot_busy_it_answers_503_with_retry_after_at_once(client, files, settings):
    files.mkdir(parents=True)
    slot = hold(files / ".slot-0.lock")
    try:
        response = client.get("/practices/?format=json&goal=10")
        csv_response = client.get("/practices/?format=csv&goal=10")
    finally:
        slot.close()

    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.PFP_EXPORT_RETRY_SECONDS)
    assert json.loads(response.content)["error"] == "export_busy"
    assert csv_response.status_code == 503
    assert not [p for p in files.iterdir() if not p.name.startswith(".")]


def test_an_export_being_written_elsewhere_is_not_written_twice(client, files):
    files.mkdir(parents=True)
    # The key of this very export, as another process writing it would hold it.
    response = client.get("/practices/?format=csv&goal=8")
    (path,) = [p for p in files.iterdir() if p.suffix == ".csv"]
    path.unlink()
    lock = hold(files / f".{path.stem}.lock")
    try:
        again = client.get("/practices/?format=csv&goal=8")
    finally:
        lock.close()

    assert response.status_code == 200
    assert again.status_code == 503
    assert not path.exists()


def test_the_proxy_sends_the_file_when_asked(client, files, settings):
    settings.PFP_MEDIA_ACCEL = "nginx"
    settings.PFP_EXPORT_ACCEL_PREFIX = "/protected-exports/"

    response = client.get("/practices/?format=csv")

    (path,) = [p for p in files.iterdir() if p.suffix == ".csv"]
    assert response["X-Accel-Redirect"] == f"/protected-exports/{path.name}"
    assert response.content == b""


def test_a_small_result_is_streamed_without_a_file(client, files, settings):
    settings.PFP_EXPORT_STREAM_MAX = 2000

    response = client.get("/practices/?format=csv")

    assert response.status_code == 200
    assert "Remittance" in body(response)
    assert not files.exists() or not any(files.iterdir())


def test_old_files_are_removed_as_new_ones_are_written(client, files, settings):
    files.mkdir(parents=True)
    stale = files / "0123.csv"
    stale.write_text("old")
    settings.PFP_EXPORT_MAX_AGE_HOURS = 0

    client.get("/practices/?format=csv")

    assert not stale.exists()
    assert export_files.export_dir() == files
