"""A moderator in a real browser: signs in to the admin, opens the queue, reviews what the public
will see, returns a practice, publishes an update."""

import pytest

from pfp.moderation import workflow
from pfp.moderation.models import ReviewState
from practices import services
from practices.models import Practice
from practices.services import practice_propose_update
from tests.factories import make_practice
from tests.moderation import cast
from tests.practices import workspace_cast as workspace


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

    # Never published: nothing to compare it with, so no offer to.
    assert review.get_by_role("link", name="Compare with the published version").count() == 0
    browse.follow(review.get_by_role("link", name="Return for changes"))

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
    added = page.get_by_role("row", name="Summary").locator("ins")
    assert added.locator(".visually-hidden").inner_text().strip() == "Added:"
    assert added.inner_text().replace("Added:", "").strip() == "and of destination"

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


@pytest.fixture
def journey(settings, report_practices):
    """A new practice of Ghana and an update of a GFMD report practice (which has no
    description and no status), both submitted; a moderator to review them."""
    settings.PFP_REQUIRE_2FA_FOR_STAFF = False
    moderator = cast.moderator("moderator@gfmd.example.org", password=cast.PASSWORD)
    ghana = cast.government("GH")
    owner = cast.focal_point(ghana, "owner@gh.example.org")
    new = workspace.submitted(
        owner,
        title="Diaspora investment fund",
        description="The fund **matches** each cedi saved.\n\n- in Accra\n- in Kumasi",
    )
    original = Practice.objects.filter(
        review_state=ReviewState.PUBLISHED, description="", status="", government__isnull=False
    ).first()
    focal_point = cast.focal_point(original.government, "focal@report.example.org")
    update = practice_propose_update(practice=original, actor=focal_point)
    services.practice_save(
        practice=update,
        actor=focal_point,
        expected_version=update.version,
        fields={"summary": f"{original.summary} Evaluated in 2025."},
        links=[{"title": "Evaluation report", "url": "https://example.org/evaluation"}],
    )
    services.practice_submit(practice=update, actor=focal_point)
    return moderator, new, original


def test_a_moderator_reviews_what_the_public_will_see_and_publishes_an_update(browse, journey):
    """From the queue: a new practice rendered as its public page will be, with nothing to
    compare; an update of a report practice with its changes and what the record still
    lacks; published, the update is on the public page."""
    moderator, new, original = journey
    page = browse.page
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(browse, moderator)

    browse.follow(page.get_by_role("link", name="Diaspora investment fund"))
    preview = page.get_by_role("region", name="What the public will see")
    assert preview.locator("strong", has_text="matches").count() == 1
    assert preview.get_by_role("listitem").filter(has_text="in Kumasi").count() == 1
    assert "**" not in preview.inner_text()
    assert page.get_by_role("link", name="Compare with the published version").count() == 0
    assert page.get_by_role("region", name="Changes against the published version").count() == 0

    browse("/admin/practices/practice/?kind=update")
    browse.follow(page.locator("#result_list tbody tr").first.get_by_role("link").first)
    review = page.get_by_role("region", name="Review")
    assert "This record still lacks: Description, Status." in review.inner_text()
    changes = page.get_by_role("region", name="Changes against the published version")
    assert "Evaluated in 2025." in changes.get_by_role("row", name="Summary").inner_text()
    assert (
        "Evaluation report" in changes.get_by_role("row", name="Links").locator("ins").inner_text()
    )
    assert "Evaluated in 2025." in (
        page.get_by_role("region", name="What the public will see").inner_text()
    )
    assert review.get_by_role("link", name="Compare with the published version").count() == 1

    # On a phone the preview is not clipped: nothing of it runs past the screen's edge.
    page.set_viewport_size({"width": 390, "height": 844})
    browse.check()
    item = page.locator(".review-preview-item")
    item.scroll_into_view_if_needed()
    box = item.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert item.evaluate("element => element.scrollWidth <= element.clientWidth")
    page.set_viewport_size({"width": 1366, "height": 900})

    browse.follow(review.get_by_role("link", name="Publish", exact=True))
    with browse.navigation():
        page.get_by_role("button", name="Publish").click()
    assert "Merged into the published version" in (
        page.get_by_role("region", name="Review").inner_text()
    )

    browse(original.get_absolute_url())
    main = page.locator("main")
    assert "Evaluated in 2025." in main.inner_text()
    assert main.get_by_role("link", name="Evaluation report").count() == 1
