"""The preview says in words which state the practice is in, and its citation has no empty
parentheses before the practice has a publication year."""

import re

import pytest

from tests.practices import workspace_cast as cast

pytestmark = pytest.mark.django_db


def test_the_preview_of_a_draft_says_who_can_see_it(client, reference_data):
    owner = cast.focal_point(cast.government("GH"), "owner@gh.example.org")
    practice = cast.draft(owner, title="Unseen draft")
    client.force_login(owner)
    html = client.get(f"/my/practices/{practice.pk}/preview/").content.decode()
    assert "This is a draft: only you and GFMD staff can see it." in html
    assert "It is draft" not in html
    citation = re.search(r'<p class="citation">(.*?)</p>', html, re.S).group(1)
    assert "()" not in citation
    assert citation.startswith("Government of Ghana. <cite>Unseen draft</cite>.")
