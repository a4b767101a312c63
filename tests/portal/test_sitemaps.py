"""The sitemap index at /sitemap.xml and its sections, paginated each on its own."""

from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

from pfp.moderation.models import ReviewState
from portal.sitemaps import PracticeSitemap
from tests.calls_for_action import cast as calls_cast
from tests.factories import make_practice
from tests.meetings.factories import make_meeting

LOC = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"


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
    monkeypatch.setattr(PracticeSitemap, "limit", 2)


def test_practices_beyond_one_sitemap_page_are_on_the_next(client, reference_data, two_per_page):
    practices = [make_practice(title=f"Practice {number}") for number in range(3)]
    index = locations(client, "/sitemap.xml")
    assert "http://testserver/sitemap-practices.xml?p=2" in index
    assert "http://testserver/sitemap-practices.xml?p=3" not in index
    page_two = locations(client, "/sitemap-practices.xml?p=2")
    assert page_two == [f"http://testserver{practices[2].get_absolute_url()}"]
    assert client.get("/sitemap-practices.xml?p=3").status_code == 404


def test_the_sitemap_lists_practices_and_landing_pages(client, report_practices):
    make_practice(title="Unpublished draft", state=ReviewState.DRAFT)
    found = sitemap_locations(client)
    assert any(loc.endswith("/sdgs/10/") for loc in found)
    assert sum("/practices/" in loc for loc in found) == 33  # the list and 32 practices


def test_the_sitemap_lists_calls_and_meetings(client, reference_data):
    owner = calls_cast.focal_point(calls_cast.government("GH"), "owner@gh.example.org")
    call = calls_cast.published_call(owner, calls_cast.moderator("moderator@gfmd.example.org"))
    meeting = make_meeting()
    body = "\n".join(sitemap_locations(client))
    assert call.get_absolute_url() in body
    assert meeting.get_absolute_url() in body
