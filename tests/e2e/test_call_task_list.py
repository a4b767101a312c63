"""A focal point's journey through the call task list, in a real browser, at desktop width and
on a 390 px phone: a draft refused a blank title, a submission refused for what it lacks,
saves that never submit, a deadline typed wrong then right, "check your answers", the
submission and its confirmation, a return by a moderator, the fix and the resubmission.
Every page on the way is audited by axe-core (the `browse` harness)."""

import pytest

from calls_for_action.models import CallForAction
from pfp.moderation import workflow
from pfp.moderation.models import ReviewState
from tests.calls_for_action import cast
from tests.e2e.pickers import pick
from tests.e2e.test_calls import sign_in
from tests.e2e.test_workspace import save_and_continue

TITLE = "Trainers for returning health workers"
WIDTHS = [pytest.param(1366, id="desktop"), pytest.param(390, id="phone")]


@pytest.fixture
def focal_point(reference_data):
    return cast.focal_point(cast.government("GH"), "kwame@gh.example.org")


@pytest.fixture
def moderator(reference_data):
    return cast.moderator("ama@gfmd.example.org")


def fits(page):
    """Nothing sticks out sideways: the page needs no horizontal scrolling."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def summary_has_focus(page):
    return page.evaluate("document.activeElement.hasAttribute('data-error-summary')")


def the_call():
    return CallForAction.objects.get(title=TITLE)


def status_of(page, section):
    return page.locator(f"#task-{section}-status").inner_text()


def save(browse):
    save_and_continue(browse)
    assert browse.page.url.endswith(f"/my/calls/{the_call().pk}/")
    assert fits(browse.page)


def open_section(browse, name):
    browse.follow(browse.page.get_by_role("link", name=name, exact=True))
    assert browse.page.get_by_role("heading", level=1).inner_text() == name
    assert fits(browse.page)


def submit(browse):
    browse.follow(browse.page.get_by_role("link", name="Check your answers", exact=True))
    assert fits(browse.page)
    with browse.navigation():
        browse.page.get_by_role("button", name="Submit for review").click()


def type_deadline(page, date_parts):
    group = page.get_by_role("group", name="Deadline")
    for label, value in zip(["Day", "Month", "Year"], date_parts, strict=True):
        group.get_by_label(label).fill(value)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_focal_point_takes_a_call_from_draft_to_submitted_through_the_task_list(
    browse, focal_point, moderator, width
):
    page = browse.page
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(browse, focal_point, path="/my/calls/")
    assert fits(page)

    # A blank title: the server's error summary takes focus, no browser bubble.
    browse.follow(page.get_by_role("link", name="New call for action", exact=True))
    assert fits(page)
    with browse.navigation():
        page.get_by_role("button", name="Save and continue").click()
    summary = page.locator("[data-error-summary]")
    assert summary_has_focus(page)
    assert "Title: Enter the title of the call." in summary.inner_text()
    assert "Kind of call: Select the kind of call." in summary.inner_text()
    assert page.get_by_label("Title").get_attribute("aria-invalid") == "true"
    assert "---------" not in page.locator("main").inner_text()
    assert not CallForAction.objects.exists()

    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Seeking partners").check()
    save(browse)
    assert status_of(page, "about") == "In progress"
    assert status_of(page, "deadline") == "Not started"

    # Submitting now is refused; the summary names what is missing, linked to its section.
    submit(browse)
    assert "/check/" in page.url
    summary = page.locator("[data-error-summary]")
    assert summary_has_focus(page)
    assert "Not submitted" in summary.inner_text()
    assert the_call().review_state == ReviewState.DRAFT

    browse.follow(summary.get_by_role("link", name="a description of the call"))
    assert page.url.endswith("/section/about/#id_description")
    page.get_by_label("Description", exact=True).fill("Ghana trains **returning** health workers.")
    save(browse)
    assert status_of(page, "about") == "Completed"
    assert the_call().review_state == ReviewState.DRAFT

    open_section(browse, "What is sought")
    page.get_by_label("What is sought", exact=True).fill("Trainers and training places.")
    page.get_by_role("group", name="Partner types sought").get_by_label(
        "Civil society organization"
    ).check()
    save(browse)

    open_section(browse, "Themes, targets and countries")
    page.get_by_role("group", name="M&D thematic areas").get_by_label(
        "Diaspora", exact=True
    ).check()
    pick(page, "id_sdg_targets", "remittance", "10.c")
    browse.check()
    save(browse)
    assert status_of(page, "frameworks") == "Completed"

    # A date that does not exist: the summary says so, and what was typed stays.
    open_section(browse, "Deadline")
    type_deadline(page, ["31", "2", str(cast.in_days(400).year)])
    with browse.navigation():
        page.get_by_role("button", name="Save and continue").click()
    summary = page.locator("[data-error-summary]")
    assert summary_has_focus(page)
    assert "Deadline: The deadline must be a real date." in summary.inner_text()
    assert page.get_by_role("group", name="Deadline").get_by_label("Day").input_value() == "31"
    assert fits(page)
    deadline = cast.in_days(60)
    type_deadline(page, [str(deadline.day), str(deadline.month), str(deadline.year)])
    save(browse)
    assert status_of(page, "deadline") == "Completed"
    assert the_call().review_state == ReviewState.DRAFT

    # Check your answers, change one, submit; the confirmation says what happens next.
    browse.follow(page.get_by_role("link", name="Check your answers", exact=True))
    assert "Trainers and training places." in page.locator("main").inner_text()
    assert not page.locator("[data-error-summary]").count()
    browse.follow(page.get_by_role("link", name="Change what is sought"))
    page.get_by_label("What is sought", exact=True).fill(
        "Trainers, and places in training hospitals."
    )
    save(browse)
    submit(browse)
    assert page.get_by_role("heading", level=1).inner_text() == "Call submitted for review"
    assert "What happens next" in page.locator("main").inner_text()
    assert focal_point.email in page.locator("main").inner_text()
    assert fits(page)
    assert the_call().review_state == ReviewState.SUBMITTED

    # A moderator returns it; the focal point fixes it and submits it again.
    workflow.perform(
        item=the_call(), action_name="return", actor=moderator, comment="Name the hospitals."
    )
    browse(f"/my/calls/{the_call().pk}/")
    assert fits(page)
    assert (
        "Name the hospitals."
        in page.get_by_role("region", name="Comment from the moderators").inner_text()
    )
    open_section(browse, "What is sought")
    page.get_by_label("What is sought", exact=True).fill(
        "Trainers, and places at Korle Bu and Komfo Anokye."
    )
    save(browse)
    assert the_call().review_state == ReviewState.RETURNED
    submit(browse)
    assert page.get_by_role("heading", level=1).inner_text() == "Call submitted for review"
    assert the_call().review_state == ReviewState.SUBMITTED
    assert "Korle Bu" in the_call().sought


def test_the_calls_pages_fit_a_phone(browse, focal_point, moderator):
    """At 390 px, every calls page a visitor, a partner or a focal point opens needs no
    sideways scrolling, and the header takes less than a fifth of the screen."""
    page = browse.page
    page.set_viewport_size({"width": 390, "height": 844})
    call = cast.published_call(focal_point, moderator, title=TITLE)
    partner = cast.partner("ana@ngo.example.org")
    cast.make_offer(call, partner)

    def looks_right(path):
        browse(path)
        assert fits(page), path
        assert page.locator("header.site-header").bounding_box()["height"] < 0.2 * 844, path

    for path in ["/calls/", call.get_absolute_url()]:
        looks_right(path)
    sign_in(browse, partner, path=f"/calls/{call.slug}/offer/")
    assert fits(page)
    looks_right("/my/calls/offers/")
    sign_in(browse, focal_point, path="/my/calls/")
    assert fits(page)
    # The list of calls stacks: one call a block, its column headings said beside the values.
    cell = page.locator(".calls-table td").first
    assert cell.evaluate("cell => getComputedStyle(cell).display") == "block"
    assert cell.get_attribute("data-label") == "Review state"
    for path in [
        f"/my/calls/{call.pk}/",
        f"/my/calls/{call.pk}/offers/",
        f"/my/calls/{call.pk}/check/",
    ]:
        looks_right(path)
