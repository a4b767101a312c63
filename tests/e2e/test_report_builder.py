"""A moderator in a real browser builds a report: from the practice list to the form, a
preview, a mistake answered on the form, and the DOCX downloaded and opened."""

import docx
import pytest

from tests.factories import make_practice
from tests.moderation import cast

from .test_moderation_admin import sign_in


@pytest.fixture
def moderator(settings, reference_data):
    settings.PFP_REQUIRE_2FA_FOR_STAFF = False
    make_practice(
        title="Remittance price comparison website",
        targets=("10.c",),
        countries=("SE",),
    )
    make_practice(title="Seasonal workers scheme", themes=("labour-migration",), targets=("8.8",))
    return cast.moderator("moderator@gfmd.example.org", password=cast.PASSWORD)


@pytest.mark.parametrize("width", [1366, 390])
def test_a_moderator_previews_and_downloads_a_report(browse, moderator, width, tmp_path):
    page = browse.page
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(browse, moderator)
    browse.follow(page.get_by_role("link", name="Build a report"))
    assert page.get_by_role("heading", level=1).inner_text() == "Build a report"

    page.get_by_label("Report title").fill("GFMD contribution to the 2017 HLPF")
    page.get_by_label("Year").fill("2017")
    page.get_by_label("10. Reduce inequality within and among countries").check()
    page.get_by_label("Search of the practices (optional)").fill("theme=nope")
    with browse.navigation():
        page.get_by_role("button", name="Preview").click()
    assert "theme: No thematic area “nope” is known." in page.content()
    # What was typed is kept.
    assert page.get_by_label("Report title").input_value() == "GFMD contribution to the 2017 HLPF"
    assert page.get_by_label("10. Reduce inequality within and among countries").is_checked()

    page.get_by_label("Search of the practices (optional)").fill("")
    with browse.navigation():
        page.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("region", name="What the report will hold")
    assert "The report will hold 1 practice." in preview.inner_text()

    page.get_by_label("Word document (DOCX)").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the report").click()
    path = tmp_path / "report.docx"
    download.value.save_as(path)
    assert download.value.suggested_filename == "gfmd-contribution-to-the-2017-hlpf-2017.docx"
    paragraphs = [paragraph.text for paragraph in docx.Document(path).paragraphs]
    assert "Remittance price comparison website" in paragraphs
    assert "Seasonal workers scheme" not in paragraphs
    # The download opened no page: the form is still there, checked as it is now.
    browse.check()
