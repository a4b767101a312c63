"""A practice page, opened the way a visitor opens it: from a card on the home page."""

from practices.models import Practice


def test_a_card_on_the_home_page_opens_the_practice(browse, report_practices):
    """The practice page shows the title, summary, themes and targets, linked to the search."""
    page = browse.page
    browse("/")
    first_card_link = (
        page.get_by_role("region", name="Latest practices")
        .get_by_role("article")
        .first.locator("a")
    ).first
    title = first_card_link.inner_text()

    browse.follow(first_card_link)

    slug = page.url.rstrip("/").rsplit("/", 1)[-1]
    practice = Practice.objects.published().get(slug=slug)
    assert practice.title == title
    assert page.url.endswith(practice.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == practice.title
    assert page.locator(".practice-header .lead").inner_text() == practice.summary

    facts = page.get_by_role("complementary", name="At a glance")
    theme_links = facts.locator("dt:text-is('Thematic areas') + dd a")
    assert {link.get_attribute("href") for link in theme_links.all()} == {
        f"/practices/?theme={theme.slug}" for theme in practice.thematic_areas.all()
    }
    assert theme_links.count() >= 1

    target_links = facts.locator("dt:text-is('SDG targets') + dd a")
    assert {link.get_attribute("href") for link in target_links.all()} == {
        f"/practices/?target={target.code}" for target in practice.sdg_targets.all()
    }
    assert target_links.count() >= 1
