"""Every page in English at the root, in French under /fr/ and in Spanish under /es/: the
address decides the language, each page names its versions in the other languages, and the
language switcher keeps the visitor on the same page."""

import re

import pytest

from tests.factories import make_practice
from tests.practices import workspace_cast as cast

pytestmark = pytest.mark.django_db

HTML_LANG = re.compile(r'<html lang="([a-z-]+)"')


def page_language(response):
    return HTML_LANG.search(response.content.decode()).group(1)


def alternates(response):
    """{hreflang: href} of the page's `<link rel="alternate" hreflang>` tags."""
    return dict(
        re.findall(
            r'<link rel="alternate" hreflang="([a-zA-Z-]+)" href="([^"]+)">',
            response.content.decode(),
        )
    )


@pytest.mark.parametrize(
    ("path", "language"),
    [("/practices/", "en"), ("/fr/practices/", "fr"), ("/es/practices/", "es")],
)
def test_the_address_decides_the_language(client, reference_data, path, language):
    response = client.get(path)
    assert response.status_code == 200
    assert page_language(response) == language
    assert response["Content-Language"] == language


def test_an_unprefixed_address_stays_english_whatever_the_browser_asks(client, reference_data):
    """Old links keep working and show the page they always showed: a shared or cached page
    is the same for every visitor of its address."""
    client.cookies["django_language"] = "es"
    response = client.get("/sdgs/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert page_language(response) == "en"


def test_a_practice_page_exists_in_every_language(client, reference_data):
    path = make_practice(title="Diaspora bonds for local development").get_absolute_url()
    for prefix in ("", "/fr", "/es"):
        response = client.get(f"{prefix}{path}")
        assert response.status_code == 200
        assert "Diaspora bonds for local development" in response.content.decode()


def test_every_page_names_its_versions_in_the_other_languages(client, reference_data):
    response = client.get("/fr/practices/?q=remittances&theme=remittances")
    assert alternates(response) == {
        "en": "http://testserver/practices/?q=remittances&amp;theme=remittances",
        "fr": "http://testserver/fr/practices/?q=remittances&amp;theme=remittances",
        "es": "http://testserver/es/practices/?q=remittances&amp;theme=remittances",
        "x-default": "http://testserver/practices/?q=remittances&amp;theme=remittances",
    }


def test_links_on_a_french_page_stay_in_french(client, reference_data):
    body = client.get("/fr/").content.decode()
    for path in ("/fr/practices/", "/fr/calls/", "/fr/meetings/", "/fr/sdgs/", "/fr/gcm/"):
        assert f'href="{path}"' in body
    assert 'href="/calls/"' not in body


def test_the_navigation_marks_its_section_in_every_language(client, reference_data):
    body = client.get("/es/calls/").content.decode()
    assert 'href="/es/calls/" aria-current="page"' in body


def test_the_switcher_keeps_the_visitor_on_the_same_page(client, reference_data):
    response = client.post(
        "/i18n/setlang/", {"language": "fr", "next": "/practices/?q=remittances"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/fr/practices/?q=remittances"
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/sdgs/10/"})
    assert response["Location"] == "/es/sdgs/10/"


def test_the_switcher_refuses_to_send_the_visitor_elsewhere(client, reference_data):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_the_switcher_offers_every_language_and_marks_the_current_one(client, reference_data):
    body = client.get("/es/practices/?q=remesas").content.decode()
    assert '<option value="es" lang="es" selected>' in body
    # set_language translates an English address into the chosen language.
    assert 'name="next" type="hidden" value="/practices/?q=remesas"' in body


def test_signing_in_on_a_french_page_leads_to_the_french_workspace(client, reference_data):
    user = cast.focal_point(cast.government("GH"))
    response = client.post(
        "/fr/accounts/login/", {"username": user.email, "password": cast.PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/fr/my/"


def test_a_private_page_is_private_in_every_language(client, reference_data):
    """The workspace is never kept by a cache, whatever its address's language."""
    response = client.get("/fr/accounts/login/")
    assert "no-store" in response["Cache-Control"]


def test_an_unknown_page_is_a_404_in_the_language_of_its_address(client, reference_data):
    response = client.get("/es/no-such-page/")
    assert response.status_code == 404
    assert page_language(response) == "es"


def test_the_feed_follows_the_language_of_its_address(client, reference_data):
    make_practice(title="Diaspora bonds for local development")
    body = client.get("/fr/feeds/practices/").content.decode()
    assert 'href="http://testserver/fr/practices/"' in body
    assert "http://testserver/fr/practices/diaspora-bonds-for-local-development/" in body


def test_the_open_api_has_one_address_for_every_language(client, reference_data):
    """Under /fr/ the API would escape its rate limit and CORS rules, which are the /api/
    path's."""
    assert client.get("/api/v1/themes/").status_code == 200
    assert client.get("/fr/api/v1/themes/").status_code == 404
