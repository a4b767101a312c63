"""A focal point in a real browser: signs in, drafts a practice section by section with the
keyboard, previews it and submits it. Every page on the way is audited by axe-core (the
`browse` harness)."""

import pytest

from pfp.moderation.models import ReviewState
from pfp.taxonomy.models import ThematicArea
from practices import services
from practices.models import Practice
from tests.e2e.pickers import pick
from tests.practices import workspace_cast as cast


@pytest.fixture
def focal_point(reference_data):
    return cast.focal_point(cast.government("GH"), "kwame@gh.example.org", first_name="Kwame")


def sign_in(browse, user):
    """Through the site's sign-in form (and django-axes), onto the workspace."""
    page = browse.page
    browse("/accounts/login/?next=/my/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(cast.PASSWORD)
    with browse.navigation():
        page.get_by_role("button", name="Sign in").click()


def save_and_continue(browse):
    with browse.navigation():
        browse.page.get_by_role("button", name="Save and continue").click()


def test_a_focal_point_drafts_previews_and_submits_a_practice(browse, focal_point):
    page = browse.page
    sign_in(browse, focal_point)
    assert page.url.endswith("/my/")
    assert page.get_by_role("heading", level=1).inner_text() == "My workspace"

    browse.follow(page.get_by_role("link", name="New practice", exact=True))
    assert page.get_by_role("heading", level=1).inner_text() == "New practice"

    page.get_by_label("Title (required)").fill("Ghana diaspora investment fund")
    page.get_by_label("Summary", exact=True).fill(
        "Matches diaspora savings invested in Ghanaian businesses."
    )
    page.get_by_label("Status", exact=True).select_option(label="Ongoing")
    save_and_continue(browse)
    practice = Practice.objects.get(title="Ghana diaspora investment fund")
    assert practice.review_state == ReviewState.DRAFT
    assert "Draft saved" in page.get_by_role("status").inner_text()

    browse.follow(page.get_by_role("link", name="What it did"))
    page.get_by_label("Description", exact=True).fill("The fund **matches** every cedi saved.")
    save_and_continue(browse)

    # The long lists are pickers; the own government leads already.
    browse.follow(page.get_by_role("link", name="Where and who"))
    lead_chips = page.locator("#id_lead_countries-options-chips")
    assert lead_chips.get_by_role("button", name="Remove Ghana").is_visible()
    assert page.get_by_role("group", name="Lead governments").get_by_label("Kenya").is_hidden()
    browse.check()  # the section with its filter box in use
    save_and_continue(browse)
    # What was picked is still picked when the section is opened again.
    browse.follow(page.get_by_role("link", name="Where and who"))
    lead = page.get_by_role("group", name="Lead governments", exact=True)
    assert lead.get_by_label("Ghana", exact=True).is_checked()
    browse.follow(page.get_by_role("link", name="Ghana diaspora investment fund"))

    browse.follow(page.get_by_role("link", name="Links to the frameworks"))
    theme = ThematicArea.objects.get(slug="remittances").name
    page.get_by_role("group", name="M&D thematic areas").get_by_label(theme).check()

    target_list = page.get_by_role("group", name="SDG targets", exact=True)
    pick(page, "id_sdg_targets", "remittance", "10.c")
    checked = target_list.locator("input:checked")
    assert checked.count() == 1
    browse.check()  # the section with its filter box in use

    with browse.navigation():
        page.get_by_role("button", name="Save and preview").click()
    assert page.get_by_text("Preview — not public.").is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == practice.title
    assert page.locator(".practice-body strong").inner_text() == "matches"

    with browse.navigation():
        page.get_by_role("button", name="Submit for review").click()
    assert page.url.endswith(f"/my/practices/{practice.pk}/submitted/")
    practice.refresh_from_db()
    assert practice.review_state == ReviewState.SUBMITTED
    assert [str(c.code) for c in practice.lead_countries.all()] == ["GH"]
    assert [t.code for t in practice.sdg_targets.all()] == ["10.c"]
    browse.follow(page.get_by_role("link", name="Go to my workspace"))
    awaiting = page.get_by_role("region", name="Awaiting review")
    assert practice.title in awaiting.inner_text()


def test_an_incomplete_submission_lists_what_is_missing(browse, focal_point):
    """Submitting a title-only draft shows the list of what is missing, each a link to its
    field in its section, on a page that passes the audit."""
    page = browse.page
    sign_in(browse, focal_point)
    browse.follow(page.get_by_role("link", name="New practice", exact=True))
    page.get_by_label("Title (required)").fill("Half done")
    with browse.navigation():
        page.keyboard.press("Enter")  # Enter in the title saves the draft
    browse.follow(page.get_by_role("link", name="Check your answers"))
    with browse.navigation():
        page.get_by_role("button", name="Submit for review").click()
    alert = page.get_by_role("alert")
    assert "at least one SDG target" in alert.inner_text()
    browse.follow(alert.get_by_role("link", name="at least one SDG target"))
    assert page.url.endswith("/section/frameworks/#id_sdg_targets")
    assert Practice.objects.get(title="Half done").review_state == ReviewState.DRAFT


def test_every_state_of_the_workspace_passes_the_audit(browse, focal_point, reference_data):
    """The workspace with practices in every state, a returned practice with its comment, a
    locked one, a published one, and the page refusing a save made from an old version."""
    page = browse.page
    moderator = cast.moderator()
    cast.draft(focal_point, title="A draft")
    locked = cast.submitted(focal_point, title="A submission")
    returned = cast.returned(focal_point, moderator, title="A returned one", comment="Add results.")
    published = cast.published(focal_point, moderator, title="A published one")
    withdrawn = cast.draft(focal_point, title="A withdrawn one")
    services.practice_withdraw(practice=withdrawn, actor=focal_point)

    sign_in(browse, focal_point)
    for heading in [
        "Returned for changes",
        "Drafts",
        "Awaiting review",
        "Published",
        "Rejected, withdrawn or unpublished",
    ]:
        assert page.get_by_role("heading", name=f"{heading} (1)", exact=True).is_visible()

    browse.follow(page.get_by_role("link", name="A returned one", exact=True))
    assert page.get_by_role("region", name="Comment from the moderators").is_visible()

    browse(f"/my/practices/{locked.pk}/")
    assert page.get_by_text("Locked: awaiting review.").is_visible()
    browse(f"/my/practices/{published.pk}/")
    assert page.get_by_role("button", name="Propose an update").is_visible()
    browse(f"/my/practices/{withdrawn.pk}/preview/")

    # A colleague saves while this page is open: this save is refused, the text kept.
    browse(f"/my/practices/{returned.pk}/section/story/")
    page.get_by_label("Results and impact").fill("Forty businesses opened.")
    returned.refresh_from_db()
    services.practice_save(
        practice=returned,
        actor=focal_point,
        expected_version=returned.version,
        fields={"objectives": "Changed meanwhile."},
    )
    with browse.navigation(status=409):
        page.get_by_role("button", name="Save and continue").click()
    assert "someone else saved" in page.get_by_role("alert").first.inner_text().lower()
    assert page.get_by_label("Results and impact").input_value() == "Forty businesses opened."
