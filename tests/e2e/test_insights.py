"""/insights/ in a real browser, on a desktop and on a 390 px phone, with and without
JavaScript: the map and the charts are drawn, their links lead to the filtered list, and
every page passes axe-core."""

import pytest

from tests.factories import make_practice


@pytest.fixture
def practices(reference_data):
    make_practice(title="Ghana remittances", themes=["remittances"], countries=["GH"])
    make_practice(
        title="Kenya health workers",
        themes=["labour-migration"],
        targets=["3.c"],
        countries=["KE"],
        other_countries=["GH"],
        start_year=2016,
    )
    make_practice(title="Tuvalu climate mobility", themes=["diaspora"], countries=["TV"])


@pytest.mark.parametrize("width", [1366, 390])
def test_the_map_and_charts_lead_to_the_filtered_list(browse, practices, width):
    page = browse.page
    page.set_viewport_size({"width": width, "height": 900})
    browse("/insights/?theme=remittances")
    assert page.locator("h1").inner_text() == "Practices in figures"
    # The map is as wide as the page and shows Ghana as a link with its count.
    box = page.locator("svg.world-map").bounding_box()
    assert box["width"] > width * 0.8
    ghana = page.locator('svg.world-map a[href="/practices/?theme=remittances&country=GH"]')
    assert ghana.locator("title").text_content() == "Ghana: 1 practice"
    # The numbers are in the table once it is opened.
    page.locator("#map-numbers summary").click()
    row = page.get_by_role("row", name="Ghana 1")
    assert row.is_visible()
    browse.check()
    # The lead-government view, then a bar of a chart.
    browse.follow(page.get_by_role("link", name="Lead governments"))
    assert "map=lead" in page.url
    browse.follow(page.locator('svg.bar-chart a[href="/practices/?theme=diaspora"]'))
    assert page.locator(".results-count").inner_text() == "1 practice"


def test_a_small_state_is_a_dot_that_leads_to_its_practices(browse, practices):
    page = browse.page
    browse("/insights/")
    tuvalu = page.locator('svg.world-map a[href="/practices/?country=TV"] circle')
    assert tuvalu.count() == 1
    browse.follow(tuvalu)
    assert page.locator(".results-count").inner_text() == "1 practice"


@pytest.mark.parametrize("width", [1366, 390])
def test_it_works_without_javascript(browser, live_server, practices, width):
    """The figures are drawn and their links work with scripts off. (axe-core needs a script,
    so the audit is the other tests'; the markup is the same.)"""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=False, locale="en-GB"
    )
    try:
        page = context.new_page()
        response = page.goto(live_server.url + "/insights/?map=lead")
        assert response.status == 200
        assert page.locator("svg.world-map path").count() > 150
        assert page.locator("svg.bar-chart").count() == 7
        with page.expect_navigation():
            page.get_by_role("link", name="Countries involved").click()
        ghana = page.locator('svg.world-map a[href="/practices/?country=GH"] title')
        assert ghana.text_content() == "Ghana: 2 practices"
        page.locator("#map-numbers summary").click()
        assert page.get_by_role("row", name="Ghana 2").is_visible()
    finally:
        context.close()


def test_the_navigation_and_the_home_page_link_to_it(browse, practices):
    page = browse.page
    browse("/")
    browse.follow(page.get_by_role("link", name="See the practices on a map and in charts"))
    assert (
        page.get_by_role("navigation", name="Main")
        .get_by_role("link", name="Insights")
        .get_attribute("aria-current")
        == "page"
    )
