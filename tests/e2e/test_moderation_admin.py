"""A moderator in a real browser: signs in to the admin, opens the queue, returns a practice."""

import pytest

from pfp.moderation import workflow
from pfp.moderation.models import ReviewState
from practices.models import Practice
from practices.services import practice_propose_update
from tests.factories import make_practice
from tests.moderation import cast


@pytest.fixture
def queue(settings, reference_data):
    """A moderator with a known password, and two practices submitted by Ghana."""
    settings.PFP_REQUIRE_2FA_FOR_STAFF = False
    ghana = cast.government("GH")
    owner = cast.focal_point(ghana, "owner@gh.example.org")
    moderator = cast.moderator("moderator@gfmd.example.org", password=cast.PASSWORD)
    practices = []
    for title in ("Diaspora bonds", "Migrant resource centres"):
        practice = make_practice(state=ReviewState.DRAFT, government=ghana, title=title)
        workflow.perform(item=practice, action_name="submit", actor=owner)
        practices.append(practice)
    return moderator, practices[0]


def sign_in(browse, moderator):
    """Through the admin's own sign-in form (and django-axes), onto the queue."""
    page = browse.page
    browse("/admin/login/?next=/admin/practices/practice/")
    page.get_by_label("Email address").fill(moderator.email)
    page.get_by_label("Password").fill(cast.PASSWORD)
    with browse.navigation():
        page.get_by_role("button", name="Log in").click()


def test_a_moderator_returns_a_practice_with_a_comment(browse, queue):
    """Signed in through the admin's form, the moderator finds the oldest submission first,
    returns it with a comment, and sees the new state and the comment in its log."""
    moderator, practice = queue
    page = browse.page

    sign_in(browse, moderator)

    assert page.url.endswith("/admin/practices/practice/")
    first_row = page.locator("#result_list tbody tr").first
    assert "Diaspora bonds" in first_row.inner_text()
    assert "Submitted for review" in first_row.inner_text()

    browse.follow(first_row.get_by_role("link", name="Diaspora bonds"))
    review = page.get_by_role("region", name="Review")
    assert "Submitted for review" in review.inner_text()

    browse.follow(review.get_by_role("link", name="Compare with the published version"))
    assert "Never published before" in page.locator("#content-main").inner_text()
    browse.follow(page.get_by_role("link", name="Return for changes"))

    assert page.get_by_role("heading", level=1).inner_text() == (
        "Return for changes: Diaspora bonds"
    )
    page.get_by_label("Comment for the focal points").fill("Please add the results of 2023.")
    with browse.navigation():
        page.get_by_role("button", name="Return for changes").click()

    assert page.url.endswith(f"/admin/practices/practice/{practice.pk}/change/")
    assert "“Diaspora bonds”: Returned for changes." in page.locator(".messagelist").inner_text()
    review = page.get_by_role("region", name="Review")
    assert "Review state: Returned for changes" in review.inner_text()
    latest = review.locator("table.review-log tbody tr").first.inner_text()
    assert "Return for changes" in latest
    assert "Please add the results of 2023." in latest
    assert moderator.email in latest

    practice.refresh_from_db()
    assert practice.review_state == ReviewState.RETURNED
    assert Practice.objects.get(pk=practice.pk).version == 3


def test_a_moderator_reads_the_changes_of_an_update_and_publishes_it(browse, settings, queue):
    """The diff of a proposed update shows the words changed; publishing it puts the new
    text on the public page; bulk return asks for a comment on a page of its own."""
    moderator, _submitted = queue
    owner = cast.focal_point(cast.government("GH"), "colleague@gh.example.org")
    published = make_practice(
        state=ReviewState.PUBLISHED,
        government=owner.membership.organization,
        title="Skills partnerships",
        summary="Training in the country of origin.",
    )
    update = practice_propose_update(practice=published, actor=owner)
    update.summary = "Training in the country of origin and of destination."
    update.save()
    workflow.perform(item=update, action_name="submit", actor=owner)
    page = browse.page
    sign_in(browse, moderator)

    browse(f"/admin/practices/practice/{update.pk}/compare/")
    row = page.get_by_role("row", name="Summary")
    assert row.locator("ins").inner_text().strip() == "and of destination"

    browse.follow(page.get_by_role("link", name="Publish"))
    with browse.navigation():
        page.get_by_role("button", name="Publish").click()
    assert (
        "Merged into the published version"
        in page.get_by_role("region", name="Review").inner_text()
    )

    browse(published.get_absolute_url())
    assert "and of destination" in page.locator("main").inner_text()

    browse("/admin/practices/practice/?review_state__exact=submitted")
    page.locator("#action-toggle").check()
    page.get_by_label("Action:").select_option("return_selected")
    with browse.navigation():
        page.get_by_role("button", name="Go").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Return items for changes"
