"""Mail goes through the job queue: a request only queues it, the worker delivers it, and a
mail survives a mail-server outage and a restart of the worker."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from email import message_from_bytes
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail import EmailMessage, send_mail
from django_q.models import OrmQ, Schedule
from django_q.signing import SignedPackage

from pfp.core import jobs
from pfp.core.mail import deliver

SOURCE = Path(__file__).resolve().parents[2]


@pytest.fixture
def queued_mail(settings):
    settings.EMAIL_BACKEND = "pfp.core.mail.QueuedEmailBackend"
    settings.PFP_DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PFP_SITE_URL = "https://pfp.example.org"


def queued_jobs():
    return [SignedPackage.loads(row.payload) for row in OrmQ.objects.order_by("id")]


@pytest.mark.django_db
def test_sending_a_mail_only_queues_it(queued_mail):
    send_mail("Your practice was published", "Hello.", None, ["focal@example.org"])

    assert mail.outbox == []
    (job,) = queued_jobs()
    assert job["func"] == "pfp.core.mail.deliver"


@pytest.mark.django_db
def test_the_worker_delivers_it_with_an_html_part_and_the_sites_message_id(queued_mail):
    send_mail(
        "Your practice was published",
        "It is public at https://pfp.example.org/practices/x/ <now>.",
        "PfP <pfp@gfmd.example>",
        ["focal@example.org"],
    )
    (job,) = queued_jobs()

    assert deliver(*job["args"]) == 1

    (sent,) = mail.outbox
    assert sent.to == ["focal@example.org"]
    assert sent.subject == "Your practice was published"
    assert sent.extra_headers["Message-ID"].endswith("@pfp.example.org>")
    (html, mimetype) = sent.alternatives[0]
    assert mimetype == "text/html"
    assert '<a href="https://pfp.example.org/practices/x/"' in html
    assert "&lt;now&gt;" in html
    parsed = message_from_bytes(sent.message().as_bytes())
    assert parsed.get_content_type() == "multipart/alternative"


@pytest.mark.django_db
def test_attachments_and_copies_survive_the_queue(queued_mail):
    message = EmailMessage(
        "Agenda", "See the file.", None, ["a@example.org"], bcc=["b@example.org"]
    )
    message.attach("meeting.ics", "BEGIN:VCALENDAR", "text/calendar")
    message.send()
    (job,) = queued_jobs()

    deliver(*job["args"])

    (sent,) = mail.outbox
    assert sent.bcc == ["b@example.org"]
    assert sent.attachments == [("meeting.ics", "BEGIN:VCALENDAR", "text/calendar")]


@pytest.mark.django_db
def test_migrate_schedules_the_periodic_jobs_and_drops_unlisted_ones(settings):
    Schedule.objects.create(name=jobs.PREFIX + "retired_command", func=jobs.FUNC)
    settings.PFP_PERIODIC_JOBS = [("clearsessions", "daily", 3), ("send_offer_digest", "daily", 7)]

    jobs.ensure_schedules()
    jobs.ensure_schedules()

    schedules = Schedule.objects.filter(name__startswith=jobs.PREFIX).order_by("name")
    assert [(s.name, s.args, s.schedule_type) for s in schedules] == [
        ("pfp: clearsessions", "('clearsessions',)", Schedule.DAILY),
        ("pfp: send_offer_digest", "('send_offer_digest',)", Schedule.DAILY),
    ]


@pytest.mark.django_db
def test_every_default_periodic_job_is_a_command_that_exists():
    from django.conf import settings
    from django.core.management import get_commands

    commands = get_commands()
    for command, frequency, hour in settings.PFP_PERIODIC_JOBS:
        assert command.split()[0] in commands, command
        assert frequency in {"hourly", "daily", "weekly", "monthly"}
        assert 0 <= hour < 24


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def portal(workdir, email_url, *args, background=False):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pfp.settings",
        "DATABASE_URL": f"sqlite:///{workdir / 'queue.sqlite3'}",
        "EMAIL_URL": email_url,
        "PFP_TASK_WORKERS": "1",
        "PFP_TASK_TIMEOUT_SECONDS": "2",
        "PFP_TASK_RETRY_SECONDS": "3",
        "PFP_TASK_POLL_SECONDS": "0.2",
    }
    command = [sys.executable, str(SOURCE / "manage.py"), *args]
    if background:
        return subprocess.Popen(
            command, env=env, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    return subprocess.run(command, env=env, cwd=workdir, check=True, capture_output=True, text=True)


SEND = (
    "from django.core.mail import send_mail; "
    "send_mail('Offer received', 'A partner answered your call.', None, ['gov@example.org'])"
)


def queue_state(workdir):
    """(jobs still queued, failed attempts recorded), read from the worker's database."""
    with sqlite3.connect(workdir / "queue.sqlite3") as database:
        (queued,) = database.execute("SELECT count(*) FROM django_q_ormq").fetchone()
        (failed,) = database.execute(
            "SELECT coalesce(sum(attempt_count), 0) FROM django_q_task WHERE NOT success"
        ).fetchone()
    return queued, failed


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not condition():
        time.sleep(0.3)
    return condition()


def stop(worker):
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def test_a_mail_survives_a_mail_server_outage_and_a_worker_restart(tmp_path):
    """The real worker, on a database of its own: while the mail server refuses connections
    the mail stays queued; a new worker, once the server is back, delivers it."""
    outbox = tmp_path / "outbox"
    down = f"smtp://127.0.0.1:{closed_port()}"
    portal(tmp_path, down, "migrate", "--noinput", "-v0")
    portal(tmp_path, down, "shell", "--no-imports", "-c", SEND)

    worker = portal(tmp_path, down, "qcluster", background=True)
    try:
        tried = wait_for(lambda: queue_state(tmp_path)[1] >= 1, seconds=60)
    finally:
        stop(worker)
    assert tried, "the worker never tried to deliver the mail"
    assert queue_state(tmp_path)[0] == 1

    worker = portal(tmp_path, f"filemail:///{outbox}", "qcluster", background=True)
    try:
        wait_for(lambda: outbox.exists() and any(outbox.iterdir()), seconds=60)
    finally:
        stop(worker)

    (delivered,) = outbox.iterdir()
    text = delivered.read_text()
    assert "Subject: Offer received" in text
    assert "text/html" in text
    assert queue_state(tmp_path)[0] == 0
