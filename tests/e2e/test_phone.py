"""A visitor on a 390 px phone: a compact header, results before filters, nothing clipped."""

import re

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def _in_viewport(page, locator):
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 40) <= height


def test_a_visitor_on_a_phone_filters_and_lands_on_the_results(browse, report_practices):
    page = browse.page
    page.set_viewport_size(PHONE)
    browse("/practices/?q=health")
    assert page.locator("header.site-header").bounding_box()["height"] < 0.2 * PHONE["height"]
    assert not page.locator("#main-nav").is_visible()
    assert not page.locator("#filters").is_visible()
    # The count and the first result come before the filters.
    assert _in_viewport(page, page.locator(".results-count"))

    page.get_by_role("button", name="Filters (0)").click()
    assert page.get_by_role("button", name="Filters (0)").get_attribute("aria-expanded") == "true"
    browse.check()
    page.get_by_label(re.compile(r"^Labour Migration")).check()
    with browse.navigation():
        page.get_by_role("button", name="Apply filters").click()

    assert page.url.endswith("#results")
    assert "theme=labour-migration" in page.url
    assert _in_viewport(page, page.locator(".results-count"))
    assert _in_viewport(page, page.locator(".result-list .card-title").first)
    assert page.get_by_role("button", name="Filters (1)").is_visible()


def test_the_menu_button_opens_the_navigation_on_a_phone(browse, reference_data):
    page = browse.page
    page.set_viewport_size(PHONE)
    browse("/")
    menu = page.get_by_role("button", name="Menu")
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert page.get_by_label("Language").is_visible()
    browse.check()
    browse.follow(page.locator("#main-nav").get_by_role("link", name="GCM objectives"))
    assert page.locator("h1").inner_text().startswith("Practices by objective")


def test_at_desktop_width_the_filters_stay_a_sidebar(browse, report_practices):
    page = browse.page
    page.set_viewport_size(DESKTOP)
    browse("/practices/")
    assert page.locator("#filters").is_visible()
    assert not page.get_by_role("button", name="Filters (0)").is_visible()
    assert not page.get_by_role("button", name="Menu").is_visible()
    filters = page.locator("#filters").bounding_box()
    results = page.locator("#results").bounding_box()
    assert filters["x"] + filters["width"] <= results["x"]
    assert abs(filters["y"] - results["y"]) < 5


def _open_a_health_practice(browse, viewport):
    """The first result of a search for "health", as a visitor reaches it."""
    browse.page.set_viewport_size(viewport)
    browse("/practices/?q=health")
    return browse.follow(browse.page.locator(".result-list .card-title a").first)


def test_the_practice_page_shows_its_key_facts_before_related_practices(browse, report_practices):
    page = _open_a_health_practice(browse, PHONE)
    facts = page.locator("#facts-heading").bounding_box()
    related = page.locator("#section-related").bounding_box()
    cite = page.locator("#section-cite").bounding_box()
    assert facts["y"] < related["y"] < cite["y"]
    assert facts["y"] < page.locator(".practice-body").bounding_box()["y"]


def test_no_table_is_clipped_on_a_phone(browse, report_practices):
    page = browse.page
    page.set_viewport_size(PHONE)
    for path in ["/gcm/", "/sdgs/10/", "/summits/"]:
        browse(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        for table in page.locator("table").all():
            box = table.bounding_box()
            if box["x"] + box["width"] <= PHONE["width"]:
                continue
            scroller = table.locator("xpath=ancestor::div[contains(@class, 'table-scroll')]")
            assert scroller.get_attribute("tabindex") == "0", path
            assert scroller.get_attribute("role") == "region", path


def test_at_desktop_width_the_key_facts_sit_beside_the_text(browse, report_practices):
    page = _open_a_health_practice(browse, DESKTOP)
    facts = page.locator(".practice-facts").bounding_box()
    body = page.locator(".practice-body").bounding_box()
    assert body["x"] + body["width"] <= facts["x"]
    assert abs(facts["y"] - body["y"]) < 5
