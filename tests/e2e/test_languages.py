"""The portal in French, as a visitor and a focal point see it in a real browser: the language
switcher changes the whole page, its button has its own word in each language, and the French
header still fits. Every page is audited by axe-core (the `browse` harness).

The pages need the compiled catalogues (`make messages`, which `make test` runs first)."""

from pathlib import Path

import pytest

from tests.calls_for_action import cast

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
CATALOGUE = Path(__file__).resolve().parents[2] / "pfp" / "locale" / "fr" / "LC_MESSAGES"


@pytest.fixture(autouse=True)
def compiled_catalogue():
    po, mo = CATALOGUE / "django.po", CATALOGUE / "django.mo"
    assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime, (
        f"{mo} is missing or older than its .po: run `make messages` (make test does)."
    )


def switch_language(browse, language, button):
    page = browse.page
    page.locator("#language-select").select_option(language)
    with browse.navigation():
        page.locator("#language-form").get_by_role("button", name=button).click()


def nav_rows(page):
    """How many rows the items of the main navigation take."""
    tops = {
        round(box["y"])
        for box in page.locator("#main-nav li").evaluate_all(
            "items => items.map(item => item.getBoundingClientRect().toJSON())"
        )
    }
    return len(tops)


def test_a_visitor_switches_the_search_page_to_french_and_back(browse, report_practices):
    """The switcher's button reads "Change" in English and "Changer" in French (not Django's
    admin "Modification"), and the page it comes back to is the same search, in French."""
    page = browse.page
    page.set_viewport_size(DESKTOP)
    browse("/practices/?q=health")
    assert page.locator("#language-form button").inner_text() == "Change"

    switch_language(browse, "fr", "Change")

    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.url == f"{browse.base_url}fr/practices/?q=health"
    assert (
        page.locator("h1").inner_text() == "Pratiques en matière de migration et de développement"
    )
    assert page.locator("#language-form button").inner_text() == "Changer"
    assert page.get_by_label("Langue").is_visible()
    assert page.get_by_role("button", name="Rechercher").is_visible()
    nav = page.locator("#main-nav")
    assert nav.get_by_role("link", name="Appels à l’action").is_visible()
    assert nav.get_by_role("link", name="Pacte mondial").is_visible()
    assert nav_rows(page) == 1

    switch_language(browse, "en", "Changer")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url == f"{browse.base_url}practices/?q=health"
    assert page.locator("h1").inner_text() == "Migration and development practices"


def test_a_focal_point_finds_a_french_workspace_with_the_header_on_one_line(
    browse, db, reference_data
):
    """Signed in, the French header (with "Mon espace" and "Se déconnecter") still fits on one
    row at 1366 px, and the workspace speaks French."""
    focal_point = cast.focal_point(cast.government("GH"), "kwame@gh.example.org")
    page = browse.page
    page.set_viewport_size(DESKTOP)
    browse("/fr/accounts/login/?next=/fr/my/")
    page.get_by_label("Adresse électronique").fill(focal_point.email)
    page.get_by_label("Mot de passe").fill(cast.PASSWORD)
    with browse.navigation():
        page.locator("main").get_by_role("button", name="Se connecter").click()

    assert page.locator("h1").inner_text() == "Mon espace de travail"
    nav = page.locator("#main-nav")
    assert nav.get_by_role("link", name="Mon espace").is_visible()
    assert nav.get_by_role("button", name="Se déconnecter").is_visible()
    assert nav_rows(page) == 1
    assert page.get_by_role("link", name="Nouvelle pratique").is_visible()


def test_on_a_phone_the_french_menu_opens_the_navigation(browse, reference_data):
    """At 390 px the French header folds behind its menu button, which opens it."""
    page = browse.page
    page.set_viewport_size(PHONE)
    browse("/fr/")
    assert page.locator("h1").inner_text() == "La Plateforme pour les partenariats du FMMD"
    assert not page.locator("#main-nav").is_visible()
    menu = page.get_by_role("button", name="Menu")
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert page.get_by_label("Langue").is_visible()
    browse.check()
    browse.follow(page.locator("#main-nav").get_by_role("link", name="Pacte mondial"))
    assert page.locator("h1").inner_text() == (
        "Pratiques par objectif du Pacte mondial sur les migrations"
    )
