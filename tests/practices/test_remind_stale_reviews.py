"""`manage.py remind_stale_reviews`: one reminder per government about its stale practices."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from pfp.moderation import notifications, workflow
from pfp.moderation.models import ModerationLogEntry, ReviewState
from tests.factories import make_practice

S = ReviewState


@pytest.fixture(autouse=True)
def review_settings(settings):
    settings.PFP_REVIEW_AFTER_DAYS = 730
    settings.PFP_SITE_URL = "https://pfp.gfmd.example"


def days_ago(days):
    return timezone.localdate() - timedelta(days=days)


def practice(government, title, *, reviewed_days_ago, state=S.PUBLISHED):
    return make_practice(
        title=title,
        state=state,
        government=government,
        published_at=timezone.now() - timedelta(days=reviewed_days_ago),
        last_reviewed_at=days_ago(reviewed_days_ago),
    )


def remind(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("remind_stale_reviews", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def reminded_earlier(item, days):
    entry = workflow.log(
        item=item,
        actor=None,
        action="review_reminder",
        from_state=item.review_state,
        to_state=item.review_state,
    )
    ModerationLogEntry.objects.filter(pk=entry.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )


def reminders():
    return ModerationLogEntry.objects.filter(action="review_reminder")


@pytest.fixture
def stale_world(ghana, kenya, owner, colleague, outsider):
    return {
        "old": practice(ghana, "Diaspora bonds", reviewed_days_ago=800),
        "older": practice(ghana, "Migrant resource centres", reviewed_days_ago=1500),
        "fresh": practice(ghana, "Skills partnerships", reviewed_days_ago=100),
        "draft": practice(ghana, "An old draft", reviewed_days_ago=900, state=S.DRAFT),
        "unpublished": practice(ghana, "Taken down", reviewed_days_ago=900, state=S.UNPUBLISHED),
        "kenyan": practice(kenya, "Remittance corridors", reviewed_days_ago=731),
    }


def test_it_sends_each_government_one_reminder_listing_its_stale_practices(stale_world, mailoutbox):
    """Ghana's focal points get one message with both stale practices and links; Kenya's get
    one with theirs; fresh, draft and unpublished practices are not listed."""
    out, _err = remind()

    assert len(mailoutbox) == 2
    by_recipients = {tuple(sorted(message.to)): message for message in mailoutbox}
    ghana_message = by_recipients[("colleague@gh.example.org", "owner@gh.example.org")]
    kenya_message = by_recipients[("focal@ke.example.org",)]

    assert ghana_message.subject == "[GFMD PfP] Are these 2 practices still up to date?"
    body = ghana_message.body
    assert "Government of Ghana" in body
    assert "more than 2 years" in body
    for key in ("old", "older"):
        assert stale_world[key].title in body
        assert f"https://pfp.gfmd.example{stale_world[key].get_absolute_url()}" in body
    for key in ("fresh", "draft", "unpublished", "kenyan"):
        assert stale_world[key].title not in body
    assert "https://pfp.gfmd.example/my/" in body
    assert body.index("Migrant resource centres") < body.index("Diaspora bonds")

    assert kenya_message.subject == "[GFMD PfP] Is this practice still up to date?"
    assert "Remittance corridors" in kenya_message.body
    assert "Reminded 2 government(s) about 3 practice(s)." in out


def test_it_logs_each_reminder_on_the_practice(stale_world, mailoutbox):
    """Each practice reminded gets a log entry by the system, its state unchanged."""
    remind()

    assert {entry.object_id for entry in reminders()} == {
        stale_world[key].pk for key in ("old", "older", "kenyan")
    }
    entry = workflow.history_of(stale_world["old"]).get()
    assert (entry.action, entry.actor, entry.from_state, entry.to_state) == (
        "review_reminder",
        None,
        S.PUBLISHED,
        S.PUBLISHED,
    )
    assert "owner@gh.example.org" in entry.comment
    stale_world["old"].refresh_from_db()
    assert stale_world["old"].review_state == S.PUBLISHED
    assert stale_world["old"].version == 1


def test_it_does_not_remind_twice_within_300_days(stale_world, mailoutbox):
    """Run again, it sends nothing; a practice reminded 100 days ago is skipped, one
    reminded 400 days ago is reminded again."""
    remind()
    mailoutbox.clear()
    out, _err = remind()
    assert mailoutbox == []
    assert "Reminded 0 government(s) about 0 practice(s)." in out

    ModerationLogEntry.objects.filter(object_id=stale_world["old"].pk).update(
        created_at=timezone.now() - timedelta(days=400)
    )
    ModerationLogEntry.objects.filter(object_id=stale_world["older"].pk).update(
        created_at=timezone.now() - timedelta(days=100)
    )
    remind()
    assert len(mailoutbox) == 1
    assert "Diaspora bonds" in mailoutbox[0].body
    assert "Migrant resource centres" not in mailoutbox[0].body


def test_it_only_prints_on_a_dry_run(stale_world, mailoutbox):
    """--dry-run says what it would send, to whom, about what; sends and logs nothing."""
    out, _err = remind("--dry-run")

    assert mailoutbox == []
    assert not reminders().exists()
    assert (
        "Would send to Government of Ghana (colleague@gh.example.org, owner@gh.example.org): "
        "2 practice(s)" in out
    )
    assert "Diaspora bonds" in out
    assert "Remittance corridors" in out
    assert "Dry run: 2 government(s) with stale practices." in out


def test_it_counts_from_the_publication_when_never_reviewed(ghana, owner, mailoutbox):
    """A published practice without a review date is stale two years after publication."""
    make_practice(
        title="Never reviewed",
        government=ghana,
        published_at=timezone.now() - timedelta(days=800),
        last_reviewed_at=None,
    )
    remind()
    assert "Never reviewed" in mailoutbox[0].body


def test_it_follows_the_review_period_setting(settings, ghana, owner, mailoutbox):
    """PFP_REVIEW_AFTER_DAYS decides what is stale."""
    settings.PFP_REVIEW_AFTER_DAYS = 90
    practice(ghana, "Reviewed in spring", reviewed_days_ago=100)
    remind()
    assert "Reviewed in spring" in mailoutbox[0].body
    assert "more than 90 days" in mailoutbox[0].body


def test_it_reports_a_government_without_focal_points(kenya, mailoutbox):
    """Nobody to remind: nothing is sent or logged, and the command says so, so that the
    next run tries again once the government has a focal point."""
    practice(kenya, "Remittance corridors", reviewed_days_ago=800)
    _out, err = remind()
    assert mailoutbox == []
    assert not reminders().exists()
    assert "Government of Kenya: no confirmed focal point" in err


def test_it_logs_nothing_when_the_mail_cannot_be_sent(stale_world, monkeypatch, mailoutbox):
    """A reminder that could not be sent is not logged, and the command fails for cron to
    report; the other governments are still reminded."""
    real_send = notifications.send_to_group

    def send_except_to_kenya(**kwargs):
        if "focal@ke.example.org" in kwargs["recipients"]:
            raise ConnectionRefusedError("mail server down")
        return real_send(**kwargs)

    monkeypatch.setattr(notifications, "send_to_group", send_except_to_kenya)
    with pytest.raises(CommandError):
        remind()

    assert len(mailoutbox) == 1
    assert not reminders().filter(object_id=stale_world["kenyan"].pk).exists()
    assert reminders().filter(object_id=stale_world["old"].pk).exists()


def test_it_counts_300_days_from_the_last_reminder(ghana, owner, mailoutbox):
    """A reminder logged 299 days ago holds the next one back; one 301 days ago does not."""
    held_back = practice(ghana, "Diaspora bonds", reviewed_days_ago=800)
    due = practice(ghana, "Migrant resource centres", reviewed_days_ago=800)
    reminded_earlier(held_back, days=299)
    reminded_earlier(due, days=301)

    remind()

    assert len(mailoutbox) == 1
    assert "Migrant resource centres" in mailoutbox[0].body
    assert "Diaspora bonds" not in mailoutbox[0].body


def test_the_reminder_is_in_the_language_its_focal_points_share(
    stale_world, owner, colleague, mailoutbox
):
    """One message goes to all of a government's focal points: in their language when they
    all chose the same, in the site's language when they did not."""
    for user in (owner, colleague):
        user.language = "es"
        user.save(update_fields=["language"])
    remind()
    by_recipients = {tuple(sorted(message.to)): message for message in mailoutbox}
    ghana_message = by_recipients[("colleague@gh.example.org", "owner@gh.example.org")]
    assert "https://pfp.gfmd.example/es/my/" in ghana_message.body
    assert "https://pfp.gfmd.example/es/practices/" in ghana_message.body
    kenya_message = by_recipients[("focal@ke.example.org",)]
    assert "https://pfp.gfmd.example/my/" in kenya_message.body


def test_focal_points_of_mixed_languages_get_the_reminder_in_the_sites(
    stale_world, owner, mailoutbox
):
    owner.language = "fr"
    owner.save(update_fields=["language"])
    remind()
    by_recipients = {tuple(sorted(message.to)): message for message in mailoutbox}
    ghana_message = by_recipients[("colleague@gh.example.org", "owner@gh.example.org")]
    assert "https://pfp.gfmd.example/my/" in ghana_message.body
    assert "/fr/" not in ghana_message.body
