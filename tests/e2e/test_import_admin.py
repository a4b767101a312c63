"""A moderator imports practices in a real browser: uploads a file, reads the dry run row by
row, confirms; at desktop and at phone width, with every page audited."""

import pytest

from pfp.moderation.models import ReviewState
from practices.models import Practice
from tests.e2e.test_moderation_admin import sign_in
from tests.moderation import cast
from tests.practices import import_files as files


@pytest.fixture
def moderator(settings, reference_data):
    settings.PFP_REQUIRE_2FA_FOR_STAFF = False
    return cast.moderator("moderator@gfmd.example.org", password=cast.PASSWORD)


@pytest.mark.parametrize("width", [1366, 390])
def test_a_moderator_imports_after_reading_the_dry_run(browse, moderator, tmp_path, width):
    """The dry run lists each row with what will happen and every problem of a bad row; a
    file without problems is confirmed, and its practices are published."""
    page = browse.page
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(browse, moderator)
    browse.follow(page.get_by_role("link", name="Import"))
    assert page.get_by_role("heading", level=1).inner_text() == "Import"

    bad = tmp_path / "bad.csv"
    bad.write_bytes(files.as_csv(files.rows(8)))
    page.get_by_label("File to import").set_input_files(bad)
    page.get_by_label("Format").select_option("csv")
    with browse.navigation():
        page.get_by_role("button", name="Submit").click()

    table = page.get_by_role("table", name="Row by row")
    assert "1 with problems" in table.locator("caption").inner_text()
    row_seven = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="7"))
    assert "Unknown SDG target: “10.z”." in row_seven.inner_text()
    assert page.get_by_role("button", name="Confirm import").count() == 0
    assert Practice.objects.count() == 0

    good = tmp_path / "good.csv"
    good.write_bytes(files.as_csv(files.rows(8, bad=False)))
    page.get_by_label("File to import").set_input_files(good)
    page.get_by_label("Format").select_option("csv")
    page.get_by_label("Publish them, with their source recorded").check()
    with browse.navigation():
        page.get_by_role("button", name="Submit").click()
    assert "8 new" in page.get_by_role("table", name="Row by row").inner_text()
    # Nothing wider than the screen: the row table scrolls inside its box.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    with browse.navigation():
        page.get_by_role("button", name="Confirm import").click()

    assert page.url.endswith("/admin/practices/practice/")
    assert Practice.objects.filter(review_state=ReviewState.PUBLISHED).count() == 8
