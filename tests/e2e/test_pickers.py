"""The pickers of long lists, with the keyboard only, at desktop width and on a phone: one tab
stop each, matches that start with the typed letters first, chips that remove themselves, and
the choice posted with the form. Audited by axe with the list open and chips shown."""

import pytest

from practices.models import Practice
from tests.e2e.test_workspace import sign_in
from tests.practices import workspace_cast as cast


@pytest.fixture
def focal_point(reference_data):
    return cast.focal_point(cast.government("GH"), "ama@gh.example.org", first_name="Ama")


def new_draft(author, **overrides):
    """A draft whose "Where and who" and targets are not filled in yet."""
    overrides = {"title": "Fair recruitment corridor", **overrides}
    return cast.draft(author, lead_countries=[], sdg_targets=[], **overrides)


def focused(page):
    return page.evaluate(
        "document.activeElement.id || document.activeElement.getAttribute('aria-label')"
    )


def chip_names(chips):
    return chips.get_by_role("button").evaluate_all(
        "bs => bs.map(b => b.getAttribute('aria-label'))"
    )


def options(page, list_id):
    return page.locator(f"#{list_id}-options-listbox [role=option]")


@pytest.mark.parametrize("width", [1366, 390])
def test_a_picker_works_with_the_keyboard_only(browse, focal_point, width):
    page = browse.page
    page.set_viewport_size({"width": width, "height": 900})
    practice = new_draft(focal_point)
    sign_in(browse, focal_point)
    browse(cast.section_url(practice, "where"))

    # The picker is one tab stop: Tab from the page's place in the breadcrumbs, just before the
    # form, reaches its text box, one more Tab the next picker.
    where = cast.section_url(practice, "where")
    page.locator(f'a[aria-current="page"][href="{where}"]').focus()
    page.keyboard.press("Tab")
    assert focused(page) == "id_lead_countries-options-filter"
    page.keyboard.press("Tab")
    assert focused(page) == "id_other_countries-options-filter"
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "id_lead_countries-options-filter"

    # The own government is selected already, as a chip; the chip's button removes it.
    status = page.locator("#id_lead_countries-options-status")
    chips = page.locator("#id_lead_countries-options-chips")
    assert chip_names(chips) == ["Remove Ghana"]
    page.keyboard.press("ArrowLeft")
    assert focused(page) == "Remove Ghana"
    page.keyboard.press("Enter")
    assert focused(page) == "id_lead_countries-options-filter"
    assert chips.is_hidden()
    assert status.inner_text() == "None selected"

    # Matches that start with the typed letters come first.
    page.keyboard.type("Gha")
    listbox = page.get_by_role("listbox", name="Lead governments")
    assert listbox.is_visible()
    assert options(page, "id_lead_countries").all_inner_texts() == ["Ghana", "Afghanistan"]
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert options(page, "id_lead_countries").first.get_attribute("aria-selected") == "true"
    assert status.inner_text() == "1 selected: Ghana"
    browse.check()  # the list open, a chip shown
    if width < 600:
        assert page.evaluate("document.documentElement.scrollWidth") <= width

    # Another one; then its chip, reached with Left arrow, removes it.
    page.keyboard.press("Escape")
    assert listbox.is_hidden()
    page.keyboard.press("Escape")  # clears the text
    page.keyboard.type("ken")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert status.inner_text() == "2 selected: Ghana, Kenya"
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.keyboard.press("ArrowLeft")
    assert focused(page) == "Remove Kenya"
    page.keyboard.press("Space")
    assert status.inner_text() == "1 selected: Ghana"
    assert focused(page) == "Remove Ghana"  # the chip beside the removed one
    page.keyboard.press("Escape")
    assert focused(page) == "id_lead_countries-options-filter"

    page.keyboard.press("Tab")  # leaves the picker for the next one
    assert focused(page) == "id_other_countries-options-filter"

    # The form posts what the picker holds.
    page.get_by_role("button", name="Save and continue").focus()
    with browse.navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/my/practices/{practice.pk}/")
    practice.refresh_from_db()
    assert [str(c.code) for c in practice.lead_countries.all()] == ["GH"]

    # A target by its code, shown with its text.
    browse(cast.section_url(practice, "frameworks"))
    target_box = page.locator("#id_sdg_targets-options-filter")
    target_box.focus()
    page.keyboard.type("10.7")
    first = options(page, "id_sdg_targets").first
    assert first.inner_text().startswith("10.7 Facilitate orderly, safe, regular")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    target_chip = page.locator("#id_sdg_targets-options-chips button")
    assert target_chip.get_attribute("aria-label") == (
        "Remove 10.7 — Facilitate orderly, safe, regular and responsible migration…"
    )
    browse.check()

    page.get_by_role("button", name="Save and continue").focus()
    with browse.navigation():
        page.keyboard.press("Enter")
    assert [t.code for t in practice.sdg_targets.all()] == ["10.7"]

    # The saved lead comes back as the picker's chip.
    browse(cast.section_url(practice, "where"))
    assert chip_names(chips) == ["Remove Ghana"]


def test_without_javascript_the_checkboxes_are_the_picker(live_server, browser, focal_point):
    """The same page with scripts off: plain checkboxes, the own government ticked."""
    practice = new_draft(focal_point, title="Without scripts")
    where = cast.section_url(practice, "where")
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + f"/accounts/login/?next={where}")
        page.get_by_label("Email address").fill(focal_point.email)
        page.get_by_label("Password").fill(cast.PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"**{where}")
        lead = page.get_by_role("group", name="Lead governments", exact=True)
        assert lead.get_by_label("Ghana", exact=True).is_checked()
        assert page.locator("#id_lead_countries-options-filter").is_hidden()
        lead.get_by_label("Kenya", exact=True).check()
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_url(f"**/my/practices/{practice.pk}/")
    finally:
        context.close()
    practice = Practice.objects.get(title="Without scripts")
    assert sorted(str(c.code) for c in practice.lead_countries.all()) == ["GH", "KE"]
