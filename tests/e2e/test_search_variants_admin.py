"""A moderator in a real browser adds a search variant in the admin; the next search uses it."""

import pytest

from tests.factories import make_practice
from tests.moderation import cast

from .test_moderation_admin import sign_in


@pytest.fixture
def moderator(settings, reference_data):
    settings.PFP_REQUIRE_2FA_FOR_STAFF = False
    make_practice(title="Remittance corridors study", summary="Remittance costs by corridor.")
    return cast.moderator("moderator@gfmd.example.org", password=cast.PASSWORD)


@pytest.mark.parametrize("width", [1366, 390])
def test_a_moderator_adds_a_variant_and_search_uses_it(browse, moderator, width):
    page = browse.page
    page.set_viewport_size({"width": width, "height": 900})
    browse("/practices/?q=moneygram")
    assert "Remittance corridors study" not in page.content()

    sign_in(browse, moderator)
    browse("/admin/taxonomy/searchvariant/")
    assert page.get_by_role("heading", level=1).inner_text()
    browse("/admin/taxonomy/searchvariant/add/")
    page.get_by_label("Kind").select_option("synonym")
    page.get_by_label("Terms").fill("moneygram\nremittance")
    with browse.navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    assert "was added successfully" in page.content()

    browse("/practices/?q=moneygram")
    assert "Remittance corridors study" in page.content()
