"""The whole path of a practice, in a real browser, by the people who walk it: a focal point
drafts, previews and submits; a moderator returns it with a comment; the focal point fixes
and resubmits; the moderator publishes; a visitor finds it by searching. Every page on the
way is audited by axe-core (the `browse` harness)."""

import re

import pytest

from pfp.moderation.models import ReviewState
from practices.models import Practice
from tests.e2e.pickers import pick
from tests.e2e.test_workspace import save_and_continue
from tests.moderation import cast as moderation_cast
from tests.practices import workspace_cast as cast

TITLE = "Ghana diaspora investment fund"


@pytest.fixture
def people(settings, reference_data):
    settings.PFP_REQUIRE_2FA_FOR_STAFF = False
    focal_point = cast.focal_point(cast.government("GH"), "kwame@gh.example.org")
    moderator = moderation_cast.moderator("ama@gfmd.example.org", password=cast.PASSWORD)
    return focal_point, moderator


def sign_in_to_workspace(browse, user):
    page = browse.page
    browse.page.context.clear_cookies()
    browse("/accounts/login/?next=/my/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(cast.PASSWORD)
    with browse.navigation():
        page.get_by_role("button", name="Sign in").click()
    assert page.url.endswith("/my/")


def sign_in_to_admin(browse, user):
    page = browse.page
    browse.page.context.clear_cookies()
    browse("/admin/login/?next=/admin/practices/practice/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(cast.PASSWORD)
    with browse.navigation():
        page.get_by_role("button", name="Log in").click()


def moderator_decides(browse, action, comment=""):
    """From the queue: open the practice, take the action, confirm it."""
    page = browse.page
    first_row = page.locator("#result_list tbody tr").first
    assert TITLE in first_row.inner_text()
    browse.follow(first_row.get_by_role("link", name=TITLE))
    review = page.get_by_role("region", name="Review")
    browse.follow(review.get_by_role("link", name=action, exact=True))
    if comment:
        page.get_by_label("Comment for the focal points").fill(comment)
    with browse.navigation():
        page.get_by_role("button", name=action).click()


def test_a_practice_goes_from_draft_to_search(browse, people):
    focal_point, moderator = people
    page = browse.page

    # 1. The focal point drafts, previews and submits.
    sign_in_to_workspace(browse, focal_point)
    browse.follow(page.get_by_role("link", name="New practice", exact=True))
    page.get_by_label("Title (required)").fill(TITLE)
    page.get_by_label("Summary", exact=True).fill(
        "Matches diaspora savings invested in Ghanaian businesses, cedi for cedi."
    )
    page.get_by_label("Status", exact=True).select_option(label="Ongoing")
    save_and_continue(browse)
    browse.follow(page.get_by_role("link", name="What it did"))
    page.get_by_label("Description", exact=True).fill("The fund **matches** every cedi saved.")
    save_and_continue(browse)
    browse.follow(page.get_by_role("link", name="Where and who"))
    # Ghana, the focal point's government, leads already.
    assert (
        page.get_by_role("group", name="Lead governments", exact=True)
        .get_by_label("Ghana", exact=True)
        .is_checked()
    )
    save_and_continue(browse)
    browse.follow(page.get_by_role("link", name="Links to the frameworks"))
    page.get_by_role("group", name="M&D thematic areas").get_by_label("Diaspora").check()
    pick(page, "id_sdg_targets", "remittance", "10.c")
    browse.check()
    with browse.navigation():
        page.get_by_role("button", name="Save and preview").click()
    assert page.get_by_text("Preview — not public.").is_visible()
    with browse.navigation():
        page.get_by_role("button", name="Submit for review").click()
    practice = Practice.objects.get(title=TITLE)
    assert practice.review_state == ReviewState.SUBMITTED

    # Not public yet.
    page.context.clear_cookies()
    browse(f"/practices/{practice.slug}/", status=404)

    # 2. The moderator returns it with a comment.
    sign_in_to_admin(browse, moderator)
    moderator_decides(browse, "Return for changes", comment="Please add the results so far.")
    practice.refresh_from_db()
    assert practice.review_state == ReviewState.RETURNED

    # 3. The focal point reads the comment, fixes the practice and resubmits it.
    sign_in_to_workspace(browse, focal_point)
    returned = page.get_by_role("region", name=re.compile("Returned for changes"))
    assert "Please add the results so far." in returned.inner_text()
    browse.follow(returned.get_by_role("link", name=TITLE, exact=True))
    assert "Please add the results so far." in page.locator("main").inner_text()
    browse.follow(page.get_by_role("link", name="What it did"))
    page.get_by_label("Results and impact", exact=True).fill(
        "Some 240 businesses were financed in the first year."
    )
    save_and_continue(browse)
    browse.follow(page.get_by_role("link", name="Check your answers"))
    with browse.navigation():
        page.get_by_role("button", name="Submit for review").click()
    practice.refresh_from_db()
    assert practice.review_state == ReviewState.SUBMITTED

    # 4. The moderator publishes it.
    sign_in_to_admin(browse, moderator)
    moderator_decides(browse, "Publish")
    practice.refresh_from_db()
    assert practice.review_state == ReviewState.PUBLISHED

    # 5. A visitor finds it by searching, and reads it.
    page.context.clear_cookies()
    browse("/practices/")
    page.get_by_label("Search the practices").fill("diaspora investment")
    with browse.navigation():
        page.get_by_label("Search the practices").press("Enter")
    browse.follow(page.get_by_role("link", name=TITLE, exact=True))
    assert page.get_by_role("heading", level=1).inner_text() == TITLE
    assert "240 businesses" in page.locator("main").inner_text()
