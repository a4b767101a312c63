"""Emails about review decisions: who gets them, when, and what they say."""

import pytest

from pfp.moderation import notifications, workflow
from pfp.moderation.models import ReviewState
from practices.services import practice_propose_update
from tests.emails import assert_house_style
from tests.factories import make_practice
from tests.moderation import cast

S = ReviewState


@pytest.fixture
def superuser(reference_data):
    return cast.make_user("root@gfmd.example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def cast_of_recipients(owner, colleague, outsider, moderator, superuser, ghana):
    """Besides the cast, people who hear nothing: an unconfirmed and an inactive focal point
    of Ghana, a partner, staff outside the Moderators group, and a group member who is no
    longer staff."""
    cast.focal_point(ghana, "unconfirmed@gh.example.org", confirmed=False)
    cast.focal_point(ghana, "gone@gh.example.org", is_active=False)
    cast.partner("partner@ngo.example.org")
    cast.make_user("clerk@gfmd.example.org", is_staff=True)
    former = cast.moderator("former@gfmd.example.org")
    former.is_staff = False
    former.save(update_fields=["is_staff"])


def practice_in(state, government, **fields):
    return make_practice(state=state, government=government, **fields)


def recipients(mailoutbox):
    return sorted(address for message in mailoutbox for address in message.to)


def test_it_mails_the_moderators_on_submission(
    cast_of_recipients, owner, ghana, mailoutbox, django_capture_on_commit_callbacks
):
    """Each moderator (and superuser) gets a message of their own with a link to the queue."""
    practice = practice_in(S.DRAFT, ghana, title="Diaspora bonds")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(item=practice, action_name="submit", actor=owner)

    assert recipients(mailoutbox) == ["moderator@gfmd.example.org", "root@gfmd.example.org"]
    assert all(len(message.to) == 1 for message in mailoutbox)
    message = mailoutbox[0]
    assert message.subject == "[GFMD PfP] For review: Diaspora bonds"
    assert "Kwame Mensah of Government of Ghana submitted “Diaspora bonds”" in message.body
    assert f"/admin/practices/practice/{practice.pk}/change/" in message.body


def test_it_sends_nothing_before_the_commit(
    cast_of_recipients, owner, ghana, mailoutbox, django_capture_on_commit_callbacks
):
    """The mail waits for the commit: a rolled-back decision is never announced."""
    practice = practice_in(S.DRAFT, ghana)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.perform(item=practice, action_name="submit", actor=owner)
    assert mailoutbox == []
    assert len(callbacks) == 1


@pytest.mark.parametrize(
    ("action", "source", "comment", "subject", "says"),
    [
        ("publish", S.SUBMITTED, "", "[GFMD PfP] Published: Diaspora bonds", "It is now public"),
        (
            "return",
            S.SUBMITTED,
            "Please add the results of 2023.",
            "[GFMD PfP] Returned for changes: Diaspora bonds",
            "submit it again",
        ),
        (
            "reject",
            S.SUBMITTED,
            "Not a government practice.",
            "[GFMD PfP] Rejected: Diaspora bonds",
            "decided not to publish",
        ),
        (
            "unpublish",
            S.PUBLISHED,
            "",
            "[GFMD PfP] Unpublished: Diaspora bonds",
            "no longer on the public site",
        ),
    ],
)
def test_it_mails_the_focal_points_of_the_government_on_a_decision(
    cast_of_recipients,
    moderator,
    ghana,
    mailoutbox,
    django_capture_on_commit_callbacks,
    action,
    source,
    comment,
    subject,
    says,
):
    """The confirmed, active focal points of the owning government hear of the decision,
    with the moderator's comment; nobody of another government does."""
    practice = practice_in(source, ghana, title="Diaspora bonds")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(item=practice, action_name=action, actor=moderator, comment=comment)

    assert recipients(mailoutbox) == ["colleague@gh.example.org", "owner@gh.example.org"]
    for message in mailoutbox:
        assert message.subject == subject
        assert says in message.body
        assert comment in message.body
        assert "/my/" in message.body


def test_it_puts_the_comment_of_a_return_in_the_body(
    cast_of_recipients, moderator, ghana, mailoutbox, django_capture_on_commit_callbacks
):
    """The focal points read what to change without signing in."""
    practice = practice_in(S.SUBMITTED, ghana)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(
            item=practice,
            action_name="return",
            actor=moderator,
            comment="Please add the results of 2023.\nAnd a link to the law.",
        )
    body = mailoutbox[0].body
    assert "Their comment:" in body
    assert "Please add the results of 2023.\nAnd a link to the law." in body


def test_it_links_to_the_public_page_on_publication(
    settings, cast_of_recipients, moderator, ghana, mailoutbox, django_capture_on_commit_callbacks
):
    """A publication message links to the practice on the site."""
    settings.PFP_SITE_URL = "https://pfp.gfmd.example"
    practice = practice_in(S.SUBMITTED, ghana)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(item=practice, action_name="publish", actor=moderator)
    body = mailoutbox[0].body
    assert f"https://pfp.gfmd.example{practice.get_absolute_url()}" in body
    assert "https://pfp.gfmd.example/my/" in body


def test_it_tells_of_a_merged_update_as_a_publication(
    cast_of_recipients, owner, moderator, ghana, mailoutbox, django_capture_on_commit_callbacks
):
    """For its government, a merged update is published: no word of merging."""
    published = practice_in(S.PUBLISHED, ghana, title="Diaspora bonds")
    update = practice_propose_update(practice=published, actor=owner)
    workflow.perform(item=update, action_name="submit", actor=owner)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(item=update, action_name="publish", actor=moderator)

    assert recipients(mailoutbox) == ["colleague@gh.example.org", "owner@gh.example.org"]
    message = mailoutbox[0]
    assert message.subject == "[GFMD PfP] Published: your update of Diaspora bonds"
    assert "published your update" in message.body
    assert published.get_absolute_url() in message.body
    assert "merge" not in (message.subject + message.body).lower()


def test_it_tells_moderators_that_a_submission_is_an_update(
    cast_of_recipients, owner, ghana, mailoutbox, django_capture_on_commit_callbacks
):
    """Moderators know at once that a submission is an update of a published practice."""
    published = practice_in(S.PUBLISHED, ghana, title="Diaspora bonds")
    update = practice_propose_update(practice=published, actor=owner)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(item=update, action_name="submit", actor=owner)
    message = mailoutbox[0]
    assert message.subject == "[GFMD PfP] Update for review: Diaspora bonds"
    assert "an update of the published practice “Diaspora bonds”" in message.body


def test_it_sends_nothing_on_withdrawal(
    cast_of_recipients, owner, ghana, mailoutbox, django_capture_on_commit_callbacks
):
    """Withdrawing is the owner's own business: nobody is mailed."""
    practice = practice_in(S.SUBMITTED, ghana)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(item=practice, action_name="withdraw", actor=owner)
    assert mailoutbox == []


def test_it_writes_titles_as_they_are_in_plain_text(
    cast_of_recipients, moderator, ghana, mailoutbox, django_capture_on_commit_callbacks
):
    """Plain-text mail is not HTML: an ampersand or a quote is not escaped."""
    practice = practice_in(S.SUBMITTED, ghana, title="Jobs & skills: the “O'Neill” plan")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(item=practice, action_name="publish", actor=moderator)
    message = mailoutbox[0]
    assert "Jobs & skills: the “O'Neill” plan" in message.subject
    assert "Jobs & skills: the “O'Neill” plan" in message.body
    assert "&amp;" not in message.body
    assert "&#x27;" not in message.body


def test_it_keeps_the_decision_when_the_mail_server_fails(
    cast_of_recipients, moderator, ghana, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    """A mail server that is down does not undo a decision; the failure is logged."""

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr(notifications.emails, "send", refuse)
    practice = practice_in(S.SUBMITTED, ghana)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(item=practice, action_name="publish", actor=moderator)

    practice.refresh_from_db()
    assert practice.review_state == S.PUBLISHED
    assert "Could not send the publish email" in caplog.text


def test_it_mails_nobody_when_the_government_has_no_focal_point(
    moderator, kenya, mailoutbox, django_capture_on_commit_callbacks
):
    """A decision on an item whose government has no focal point sends nothing."""
    practice = practice_in(S.SUBMITTED, kenya)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(item=practice, action_name="publish", actor=moderator)
    assert mailoutbox == []


def test_a_decision_mail_has_the_house_style_and_renders_the_comment(
    cast_of_recipients, moderator, ghana, mailoutbox, django_capture_on_commit_callbacks
):
    """The comment is Markdown: plain text in the text part, rendered in the HTML part."""
    practice = practice_in(S.SUBMITTED, ghana)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(
            item=practice, action_name="return", actor=moderator, comment="Add **results**."
        )
    message = mailoutbox[0]
    html = assert_house_style(message, link="/my/")
    assert "Add results." in message.body
    assert "<strong>results</strong>" in html
