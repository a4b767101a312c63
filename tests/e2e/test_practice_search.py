"""Browsing and searching practices in a real browser, with the keyboard only."""

import re


def _focus_by_tabbing(page, predicate_js, limit=600):
    """Press Tab until the focused element satisfies the predicate; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            f"(() => {{ const el = document.activeElement; return {predicate_js}; }})()"
        ):
            return
    raise AssertionError(f"Tab never reached an element where {predicate_js}")


def _count(page):
    return int(re.search(r"\d+", page.locator(".results-count").inner_text()).group())


def test_it_filters_with_the_keyboard_only(browse, report_practices):
    """Type a search, tick a facet value, apply, then remove the filter chip: all by keyboard."""
    page = browse.page
    browse("/practices/")
    assert _count(page) == 32

    _focus_by_tabbing(page, "el.id === 'search-q'")
    page.keyboard.type("remittance")
    with browse.navigation():
        page.keyboard.press("Enter")
    searched = _count(page)
    assert 0 < searched < 32
    assert page.locator(".card-summary mark").count() > 0

    # The country facet is folded: open it from its summary, then tick Switzerland.
    _focus_by_tabbing(page, "el.tagName === 'SUMMARY' && el.textContent.trim() === 'Country'")
    page.keyboard.press("Enter")
    _focus_by_tabbing(page, "el.name === 'country' && el.value === 'CH'")
    page.keyboard.press("Space")
    _focus_by_tabbing(page, "el.textContent.trim() === 'Apply filters'")
    with browse.navigation():
        page.keyboard.press("Enter")
    filtered = _count(page)
    assert 0 < filtered < searched
    assert "country=CH" in page.url
    assert page.get_by_role("link", name=re.compile("Country: Switzerland")).is_visible()

    _focus_by_tabbing(
        page, "el.classList.contains('chip') && el.textContent.includes('Switzerland')"
    )
    with browse.navigation():
        page.keyboard.press("Enter")
    assert _count(page) == searched
    assert "country=CH" not in page.url


def test_it_corrects_a_misspelling_and_offers_the_words_as_typed(browse, report_practices):
    page = browse.page
    browse("/practices/?q=remitance")
    assert _count(page) > 0
    notice = page.locator(".notice-corrected")
    assert notice.inner_text() == "Showing results for remittance · Search instead for remitance"
    browse.follow(notice.get_by_role("link", name="remitance"))
    assert "spell=off" in page.url
    assert _count(page) == 0
    assert page.locator(".notice-corrected").count() == 0
    # The empty state offers the corrected words back, with what they find.
    browse.follow(page.get_by_role("link", name=re.compile("^Search for “remittance”")))
    assert "spell=off" not in page.url
    assert _count(page) > 0


def test_it_shows_an_empty_result_helpfully(browse, report_practices):
    page = browse.page
    browse("/practices/?theme=remittances&country=KE&year_from=oops")
    assert page.get_by_role("heading", name="No practice matches these filters.").is_visible()
    assert page.get_by_text("is not a year").is_visible()
    removal = page.get_by_role("link", name="Remove Country: Kenya — 5 practices")
    browse.follow(removal)
    assert _count(page) == 5
    browse("/practices/?theme=remittances&country=KE")
    browse.follow(page.get_by_role("link", name="Clear all filters — 32 practices"))
    assert _count(page) == 32


def test_it_pages_through_results(browse, report_practices):
    page = browse.page
    browse("/practices/?sort=title")
    first_page = page.locator(".result-list .card-title").all_inner_texts()
    browse.follow(page.get_by_role("link", name="Next"))
    second_page = page.locator(".result-list .card-title").all_inner_texts()
    assert len(first_page) == 20 and len(second_page) == 12
    assert first_page[-1].casefold() <= second_page[0].casefold()
    assert "sort=title" in page.url


def test_a_goal_page_leads_to_its_filtered_practices(browse, report_practices):
    page = browse.page
    browse("/sdgs/")
    browse.follow(page.get_by_role("link", name=re.compile(r"^10 Reduced inequalities")))
    browse.follow(page.get_by_role("link", name=re.compile("practices for this goal")))
    assert "goal=10" in page.url
    assert page.get_by_role("link", name=re.compile("SDG: 10")).is_visible()
