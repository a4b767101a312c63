"""The sitemap index at /sitemap.xml and its sections, paginated each on its own."""

from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.conf import settings

from pfp.moderation.models import ReviewState
from portal.sitemaps import PracticeSitemap
from tests.calls_for_action import cast as calls_cast
from tests.factories import make_practice
from tests.meetings.factories import make_meeting

LOC = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
URL = "{http://www.sitemaps.org/schemas/sitemap/0.9}url"
LINK = "{http://www.w3.org/1999/xhtml}link"


def locations(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return [loc.text for loc in ElementTree.fromstring(response.content).iter(LOC)]


def sitemap_locations(client):
    """Every page's address, read from each sitemap the index lists."""
    found = []
    for sitemap in locations(client, "/sitemap.xml"):
        parts = urlsplit(sitemap)
        found += locations(client, parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def test_the_sitemap_is_an_index_of_one_sitemap_per_section(client, db):
    assert [urlsplit(url).path for url in locations(client, "/sitemap.xml")] == [
        "/sitemap-pages.xml",
        "/sitemap-practices.xml",
        "/sitemap-browse.xml",
        "/sitemap-calls.xml",
        "/sitemap-meetings.xml",
    ]


@pytest.fixture
def two_per_page(monkeypatch):
    """Two practices a page: each is listed once per language."""
    monkeypatch.setattr(PracticeSitemap, "limit", 2 * len(settings.LANGUAGES))


def in_every_language(path):
    return [f"http://testserver{prefix}{path}" for prefix in ("", "/fr", "/es")]


def test_practices_beyond_one_sitemap_page_are_on_the_next(client, reference_data, two_per_page):
    practices = [make_practice(title=f"Practice {number}") for number in range(3)]
    index = locations(client, "/sitemap.xml")
    assert "http://testserver/sitemap-practices.xml?p=2" in index
    assert "http://testserver/sitemap-practices.xml?p=3" not in index
    page_two = locations(client, "/sitemap-practices.xml?p=2")
    assert page_two == in_every_language(practices[2].get_absolute_url())
    assert client.get("/sitemap-practices.xml?p=3").status_code == 404


def test_each_address_lists_its_alternates_in_the_other_languages(client, reference_data):
    practice = make_practice(title="Practice in three languages")
    response = client.get("/sitemap-practices.xml")
    entries = ElementTree.fromstring(response.content).findall(URL)
    assert [entry.find(LOC).text for entry in entries] == in_every_language(
        practice.get_absolute_url()
    )
    for entry in entries:
        alternates = {link.get("hreflang"): link.get("href") for link in entry.findall(LINK)}
        assert alternates == {
            "en": in_every_language(practice.get_absolute_url())[0],
            "fr": in_every_language(practice.get_absolute_url())[1],
            "es": in_every_language(practice.get_absolute_url())[2],
            "x-default": in_every_language(practice.get_absolute_url())[0],
        }


def test_the_sitemap_lists_practices_and_landing_pages(client, report_practices):
    make_practice(title="Unpublished draft", state=ReviewState.DRAFT)
    found = sitemap_locations(client)
    assert any(loc.endswith("/sdgs/10/") for loc in found)
    # The list and the 32 published practices, each in English, French and Spanish.
    assert sum("/practices/" in loc for loc in found) == 3 * 33
    assert any(loc.endswith("/fr/sdgs/10/") for loc in found)
    assert any(loc.endswith("/es/sdgs/10/") for loc in found)


def test_the_sitemap_lists_calls_and_meetings(client, reference_data):
    owner = calls_cast.focal_point(calls_cast.government("GH"), "owner@gh.example.org")
    call = calls_cast.published_call(owner, calls_cast.moderator("moderator@gfmd.example.org"))
    meeting = make_meeting()
    body = "\n".join(sitemap_locations(client))
    assert call.get_absolute_url() in body
    assert meeting.get_absolute_url() in body
