"""The home page in a real browser: SDG and theme entry points, latest practices, keyboard."""

import re

from django.db.models import Count, Q

from pfp.taxonomy.models import SDGGoal, ThematicArea
from practices.models import Practice


def _count(text):
    """The number in a tile's "12 practices" line."""
    return int(re.search(r"\d+", text).group())


def test_it_shows_the_entry_points_and_the_latest_practices(browse, report_practices):
    """A visitor sees the heading, 17 SDG tiles, 6 theme tiles and the latest practices."""
    page = browse.page
    browse("/")

    assert page.get_by_role("heading", level=1).inner_text() == (
        "The GFMD Platform for Partnerships"
    )
    published = Practice.objects.published()
    assert published.count() == 32
    counts = page.locator(".counts")
    assert counts.get_by_text("Published practices").locator("+ dd").inner_text() == "32"

    goals = page.get_by_role("region", name="Browse by Sustainable Development Goal")
    goal_tiles = goals.get_by_role("link")
    assert goal_tiles.count() == 17
    expected_goal_counts = dict(
        SDGGoal.objects.annotate(
            published=Count(
                "targets__practices",
                filter=Q(targets__practices__review_state="published"),
                distinct=True,
            )
        ).values_list("number", "published")
    )
    shown_goal_counts = {
        int(tile.locator(".sdg-number").inner_text()): _count(
            tile.locator(".tile-count").inner_text()
        )
        for tile in goal_tiles.all()
    }
    assert shown_goal_counts == expected_goal_counts
    assert shown_goal_counts[10] > 0, "the report's practices serve target 10.7 and its kin"

    themes = page.get_by_role("region", name="Browse by migration and development theme")
    theme_tiles = themes.get_by_role("link")
    assert theme_tiles.count() == 6
    expected_theme_counts = {
        theme.name: published.filter(thematic_areas=theme).count()
        for theme in ThematicArea.objects.all()
    }
    shown_theme_counts = {
        tile.locator(".theme-name").inner_text(): _count(tile.locator(".tile-count").inner_text())
        for tile in theme_tiles.all()
    }
    assert shown_theme_counts == expected_theme_counts
    assert sum(shown_theme_counts.values()) >= 32, "every report practice has a theme"

    latest = page.get_by_role("region", name="Latest practices")
    shown_titles = latest.get_by_role("heading", level=3).all_inner_texts()
    assert shown_titles == [practice.title for practice in published[:6]]


def test_the_skip_link_comes_first_and_moves_focus_to_the_main_content(browse, reference_data):
    """Keyboard users reach "Skip to main content" with the first Tab and land in <main>."""
    page = browse.page
    browse("/")

    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    assert focused.inner_text() == "Skip to main content"
    assert focused.is_visible()
    browse.check()  # the skip link is on screen now: audit it too

    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'")
    assert page.evaluate("document.activeElement.tagName") == "MAIN"
    browse.check()
