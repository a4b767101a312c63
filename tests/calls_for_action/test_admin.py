"""Calls for action in the admin: the same stale-version check as practices, so that two
staff editing one call never silently overwrite each other."""

import pytest
from django.urls import reverse

from calls_for_action.models import CallForAction
from pfp.moderation import workflow
from pfp.moderation.models import ReviewState
from tests.admin_forms import admin_form_values
from tests.calls_for_action import cast


@pytest.fixture(autouse=True)
def no_second_factor(settings):
    settings.PFP_REQUIRE_2FA_FOR_STAFF = False


def change_url(call):
    return reverse("admin:calls_for_action_callforaction_change", args=[call.pk])


@pytest.fixture
def submitted(owner):
    """A call submitted by its government, in the review queue."""
    call = cast.draft_call(owner, title="Partners for skills")
    return workflow.perform(item=call, action_name="submit", actor=owner)


def test_it_saves_an_edit_and_moves_the_version_on(client, moderator, submitted):
    """A moderator's edit is saved and the version moved on; a review state slipped into the
    form data is ignored."""
    client.force_login(moderator)
    data = admin_form_values(client, change_url(submitted))
    assert data["loaded_version"] == [str(submitted.version)]
    data["title"] = ["Partners for skills (corrected)"]
    data["review_state"] = [ReviewState.PUBLISHED]

    response = client.post(change_url(submitted), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    call = CallForAction.objects.get(pk=submitted.pk)
    assert (call.title, call.version, call.review_state) == (
        "Partners for skills (corrected)",
        submitted.version + 1,
        ReviewState.SUBMITTED,
    )


def test_two_staff_editing_a_call_do_not_overwrite_each_other(client, moderator, submitted):
    """Both open the call; the first saves; the second's save, made from the version both
    opened, is refused with a message, and the first one's text stays."""
    colleague = cast.moderator("second.moderator@gfmd.example.org")
    client.force_login(moderator)
    first = admin_form_values(client, change_url(submitted))
    client.force_login(colleague)
    second = admin_form_values(client, change_url(submitted))

    client.force_login(moderator)
    first["title"] = ["The first moderator's title"]
    assert client.post(change_url(submitted), first).status_code == 302
    client.force_login(colleague)
    second["title"] = ["The second moderator's title"]
    response = client.post(change_url(submitted), second)

    assert response.status_code == 200
    assert "Someone changed this call for action after you opened it" in response.text
    assert CallForAction.objects.get(pk=submitted.pk).title == "The first moderator's title"


def test_it_refuses_an_edit_made_before_a_decision(client, moderator, owner, submitted):
    """The call was withdrawn by its government after the form was opened: nothing is saved."""
    client.force_login(moderator)
    data = admin_form_values(client, change_url(submitted))
    workflow.perform(item=submitted, action_name="withdraw", actor=owner)
    data["title"] = ["Overwritten"]

    response = client.post(change_url(submitted), data)

    assert response.status_code == 200
    assert "Someone changed this call for action after you opened it" in response.text
    call = CallForAction.objects.get(pk=submitted.pk)
    assert (call.title, call.review_state) == ("Partners for skills", ReviewState.WITHDRAWN)


def test_the_review_page_shows_the_call_as_the_public_will_see_it(client, moderator, submitted):
    """Its Markdown rendered, its facts listed, and no offer to compare a call never
    published."""
    client.force_login(moderator)

    page = client.get(change_url(submitted)).text

    start = page.index('id="review-preview-heading"')
    preview = page[start : page.index("<form", start)]
    assert "Ghana <strong>seeks</strong> partners." in preview
    assert "What is sought</h4>" in preview
    assert "Government of Ghana" in preview
    assert "Compare with the published version" not in page
