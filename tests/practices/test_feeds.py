"""Feeds are well-formed XML with the published practices (the sitemap: tests/portal/)."""

from xml.etree import ElementTree

import pytest

from pfp.moderation.models import ReviewState
from tests.factories import make_practice

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def data(report_practices):
    make_practice(title="Unpublished draft", state=ReviewState.DRAFT)


def test_the_feed_is_valid_atom_with_the_newest_practices(client, data):
    response = client.get("/feeds/practices/")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    titles = [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]
    assert len(titles) == 32
    assert "Unpublished draft" not in titles


def test_a_feed_follows_a_filter(client, data):
    root = ElementTree.fromstring(client.get("/feeds/practices/?theme=diaspora").content)
    titles = [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]
    assert titles and "Diaspora Business Center" in titles
    assert "Remittance price comparison website (Sweden)" not in titles


def test_robots_txt_points_to_the_sitemap(client, db):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body
