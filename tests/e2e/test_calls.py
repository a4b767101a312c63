"""A call for action's whole path in a real browser: a focal point posts and submits it, a
moderator publishes it in the admin, a partner makes an offer, the government accepts it.
Every page on the way is audited by axe-core (the `browse` harness)."""

import pytest

from calls_for_action.models import CallForAction, Offer
from pfp.moderation.models import ReviewState
from tests.calls_for_action import cast
from tests.e2e.test_workspace import save_and_continue
from tests.moderation import cast as moderation_cast

TITLE = "Trainers for returning health workers"


@pytest.fixture
def people(settings, reference_data):
    settings.PFP_REQUIRE_2FA_FOR_STAFF = False
    return {
        "focal_point": cast.focal_point(cast.government("GH"), "kwame@gh.example.org"),
        "moderator": moderation_cast.moderator("ama@gfmd.example.org", password=cast.PASSWORD),
        "partner": cast.partner("ana@ngo.example.org"),
    }


def sign_in(browse, user, path="/my/"):
    page = browse.page
    page.context.clear_cookies()
    browse(f"/accounts/login/?next={path}")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(cast.PASSWORD)
    with browse.navigation():
        page.get_by_role("button", name="Sign in").click()


def sign_in_to_admin(browse, user):
    page = browse.page
    page.context.clear_cookies()
    browse("/admin/login/?next=/admin/calls_for_action/callforaction/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(cast.PASSWORD)
    with browse.navigation():
        page.get_by_role("button", name="Log in").click()


def send_offer(browse, kind, message):
    """Fill in the open offer form (the contact's name too) and send it; the offer made."""
    page = browse.page
    page.get_by_label(kind).check()
    page.locator("#id_message").fill(message)
    page.locator("#id_contact_name").fill("Ana Cruz")
    with browse.navigation():
        page.get_by_role("button", name="Send your offer").click()
    return Offer.objects.get()


def test_a_call_is_posted_published_answered_and_accepted(browse, people):
    page = browse.page

    # 1. The focal point drafts the call, one section at a time, and submits it.
    sign_in(browse, people["focal_point"])
    browse.follow(page.get_by_role("link", name="New call for action", exact=True))
    page.locator("#id_title").fill(TITLE)
    page.get_by_label("Seeking partners").check()
    page.locator("#id_description").fill("Ghana trains **returning** health workers.")
    save_and_continue(browse)
    browse.follow(page.get_by_role("link", name="What is sought", exact=True))
    page.locator("#id_sought").fill("Trainers and training places.")
    save_and_continue(browse)
    browse.follow(page.get_by_role("link", name="Deadline", exact=True))
    deadline = cast.in_days(30)
    deadline_inputs = page.get_by_role("group", name="Deadline")
    deadline_inputs.get_by_label("Day").fill(str(deadline.day))
    deadline_inputs.get_by_label("Month").fill(str(deadline.month))
    deadline_inputs.get_by_label("Year").fill(str(deadline.year))
    save_and_continue(browse)
    assert CallForAction.objects.get(title=TITLE).review_state == ReviewState.DRAFT
    browse.follow(page.get_by_role("link", name="Check your answers", exact=True))
    with browse.navigation():
        page.get_by_role("button", name="Submit for review").click()
    call = CallForAction.objects.get(title=TITLE)
    assert call.review_state == ReviewState.SUBMITTED

    # 2. The moderator publishes it from the admin queue.
    sign_in_to_admin(browse, people["moderator"])
    browse.follow(page.locator("#result_list").get_by_role("link", name=TITLE))
    review = page.get_by_role("region", name="Review")
    browse.follow(review.get_by_role("link", name="Publish", exact=True))
    with browse.navigation():
        page.get_by_role("button", name="Publish").click()
    call.refresh_from_db()
    assert call.review_state == ReviewState.PUBLISHED

    # 3. A partner finds it and makes an offer.
    sign_in(browse, people["partner"], path="/calls/")
    browse.follow(page.get_by_role("link", name=TITLE, exact=True))
    assert "Open until" in page.locator("main").inner_text()
    browse.follow(page.get_by_role("link", name="Make an offer"))
    offer = send_offer(browse, "Join as a partner", "We train nurses in Manila and Accra.")
    assert offer.status == Offer.Status.NEW
    assert TITLE in page.locator("main").inner_text()

    # 4. The government reads the offer and accepts it.
    sign_in(browse, people["focal_point"])
    browse.follow(page.get_by_role("link", name="All your government's calls and their offers"))
    browse.follow(page.get_by_role("link", name=f"1 offer (1 new) — {TITLE}"))
    browse.follow(page.get_by_role("link", name="Accept…"))
    page.get_by_label("Message to the organization (optional)").fill("Welcome aboard.")
    with browse.navigation():
        page.get_by_role("button", name="Accept the offer").click()
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED
