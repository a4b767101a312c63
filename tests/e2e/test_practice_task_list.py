"""A focal point's journey through the practice task list, in a real browser, at desktop width
and on a 390 px phone: a draft, a submission refused for what it lacks, saves that never
submit, the fixes, "check your answers", the submission and its confirmation, a return by a
moderator, the resubmission and the publication. Every page on the way is audited by axe-core
(the `browse` harness)."""

import pytest

from pfp.moderation import workflow
from pfp.moderation.models import ReviewState
from practices.models import Practice
from tests.e2e.pickers import pick
from tests.e2e.test_workspace import save_and_continue, sign_in
from tests.practices import workspace_cast as cast

TITLE = "Ghana diaspora investment fund"
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


def status_of(page, section):
    return page.locator(f"#task-{section}-status").inner_text()


def save(browse):
    save_and_continue(browse)
    assert browse.page.url.endswith(f"/my/practices/{practice().pk}/")
    assert fits(browse.page)


def practice():
    return Practice.objects.get(title=TITLE)


def open_section(browse, name):
    browse.follow(browse.page.get_by_role("link", name=name, exact=True))
    assert browse.page.get_by_role("heading", level=1).inner_text() == name
    assert fits(browse.page)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_focal_point_goes_from_draft_to_published_through_the_task_list(
    browse, focal_point, moderator, width
):
    page = browse.page
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(browse, focal_point)

    # A blank title: the server's error summary takes focus, no browser bubble.
    browse.follow(page.get_by_role("link", name="New practice", exact=True))
    with browse.navigation():
        page.get_by_role("button", name="Save and continue").click()
    summary = page.locator("[data-error-summary]")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert "Title: This field is required." in summary.inner_text()
    assert page.get_by_label("Title").get_attribute("aria-invalid") == "true"
    assert not Practice.objects.exists()

    page.get_by_label("Title").fill(TITLE)
    save(browse)
    assert status_of(page, "about") == "In progress"
    assert status_of(page, "story") == "Not started"

    # Submitting now is refused; the summary names what is missing, linked to its section.
    browse.follow(page.get_by_role("link", name="Check your answers"))
    with browse.navigation():
        page.get_by_role("button", name="Submit for review").click()
    assert "/check/" in page.url
    summary = page.locator("[data-error-summary]")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert "Not submitted" in summary.inner_text()
    assert practice().review_state == ReviewState.DRAFT

    # Problem 1 of the issue: after a refused submission, saving only saves.
    browse.follow(summary.get_by_role("link", name="a summary of at most 600 characters"))
    assert page.url.endswith("/section/about/#id_summary")
    page.get_by_label("Summary", exact=True).fill(
        "Matches diaspora savings invested in Ghanaian businesses, cedi for cedi."
    )
    save(browse)
    assert practice().review_state == ReviewState.DRAFT
    assert status_of(page, "about") == "In progress"  # the status is still missing

    open_section(browse, "About the practice")
    page.get_by_label("Status", exact=True).select_option(label="Ongoing")
    save(browse)
    assert status_of(page, "about") == "Completed"

    open_section(browse, "What it did")
    page.get_by_label("Description", exact=True).fill("The fund **matches** every cedi saved.")
    save(browse)

    open_section(browse, "Where and who")
    # The lead governments are a picker; the own government is chosen already, as a chip.
    lead_chips = page.locator("#id_lead_countries-options-chips")
    assert lead_chips.get_by_role("button").evaluate_all(
        "bs => bs.map(b => b.getAttribute('aria-label'))"
    ) == ["Remove Ghana"]
    lead = page.get_by_role("group", name="Lead governments", exact=True)
    assert lead.get_by_label("Ghana", exact=True).is_checked()
    browse.check()
    save(browse)

    open_section(browse, "Links to the frameworks")
    page.get_by_role("group", name="M&D thematic areas").get_by_label("Diaspora").check()
    pick(page, "id_sdg_targets", "remittance", "10.c")
    save(browse)

    open_section(browse, "Contact")
    page.get_by_label("Contact name").fill("Kofi Boateng")
    page.get_by_label("Contact email address").fill("kofi@gh.example.org")
    page.get_by_label("Publish this contact on the practice page").check()
    save(browse)
    for section in ["about", "story", "where", "frameworks", "contact"]:
        assert status_of(page, section) == "Completed"
    assert practice().review_state == ReviewState.DRAFT

    # Check your answers, change one, submit.
    browse.follow(page.get_by_role("link", name="Check your answers"))
    assert fits(page)
    assert "Kofi Boateng" in page.locator("main").inner_text()
    assert not page.locator("[data-error-summary]").count()
    browse.follow(page.get_by_role("link", name="Change objectives"))
    page.get_by_label("Objectives", exact=True).fill("Grow local businesses.")
    save(browse)
    browse.follow(page.get_by_role("link", name="Check your answers"))
    with browse.navigation():
        page.get_by_role("button", name="Submit for review").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Practice submitted for review"
    assert focal_point.email in page.locator("main").inner_text()
    assert fits(page)
    assert practice().review_state == ReviewState.SUBMITTED

    # A moderator returns it; the focal point fixes it and submits it again.
    workflow.perform(
        item=practice(), action_name="return", actor=moderator, comment="Add the results."
    )
    browse(f"/my/practices/{practice().pk}/")
    assert (
        "Add the results."
        in page.get_by_role("region", name="Comment from the moderators").inner_text()
    )
    open_section(browse, "What it did")
    page.get_by_label("Results and impact", exact=True).fill("240 businesses financed.")
    save(browse)
    assert practice().review_state == ReviewState.RETURNED
    browse.follow(page.get_by_role("link", name="Check your answers"))
    with browse.navigation():
        page.get_by_role("button", name="Submit for review").click()
    assert practice().review_state == ReviewState.SUBMITTED

    # Published: the public page shows the contact the focal point chose to publish.
    workflow.perform(item=practice(), action_name="publish", actor=moderator)
    page.context.clear_cookies()
    browse(practice().get_absolute_url())
    contact = page.get_by_role("region", name="Contact", exact=True)
    assert "Kofi Boateng" in contact.inner_text()
    assert "240 businesses financed." in page.locator("main").inner_text()
