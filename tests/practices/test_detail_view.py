"""/practices/<slug>/: one practice, as the public sees it."""

import re

import pytest

from pfp.moderation.models import ReviewState
from practices.models import Practice
from tests.factories import make_practice


@pytest.fixture
def practice(reference_data):
    return make_practice(
        title="Kenya health workers",
        summary="Kenya keeps its health workers.",
        description="It began **in 2014**.",
        objectives="Retain nurses.",
        lessons_learned="Pay matters.",
        themes=["labour-migration"],
        targets=["3.c"],
        gcm=[6],
        countries=["KE"],
        roundtables=["2017-2.2"],
    )


def test_it_shows_a_published_practice(client, practice):
    response = client.get(practice.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Kenya health workers</h1>" in body
    assert "<strong>in 2014</strong>" in body


def test_it_groups_sections_as_a_reader_expects(client, practice):
    body = client.get(practice.get_absolute_url()).content.decode()
    order = [body.index(label) for label in ["Description", "Objectives", "Lessons learned"]]
    assert order == sorted(order)
    assert body.index("Kenya keeps its health workers.") < order[0]


def test_every_tag_links_to_the_filtered_list(client, practice):
    body = client.get(practice.get_absolute_url()).content.decode()
    for link in [
        "?target=3.c",
        "?theme=labour-migration",
        "?gcm=6",
        "?country=KE",
        "?roundtable=2017-2.2",
    ]:
        assert f'href="/practices/{link}"' in body


def test_a_draft_is_not_visible_to_visitors(client, reference_data):
    draft = make_practice(title="Draft", state=ReviewState.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_an_unknown_slug_gives_the_404_page(client, db):
    response = client.get("/practices/no-such-practice/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_markdown_cannot_inject_script(client, practice):
    Practice.objects.filter(pk=practice.pk).update(
        description="<script>alert(1)</script> [x](javascript:alert(2))"
        " <img src=x onerror=alert(3)>"
    )
    body = client.get(practice.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in body
    assert "javascript:" not in body
    assert "onerror" not in body


def test_it_flags_a_record_not_reviewed_for_two_years(client, practice):
    import datetime

    Practice.objects.filter(pk=practice.pk).update(
        last_reviewed_at=datetime.date.today() - datetime.timedelta(days=800)
    )
    assert "May be out of date" in client.get(practice.get_absolute_url()).content.decode()


def test_it_uses_few_queries(client, practice, django_assert_max_num_queries):
    """Once the process has built its facet index (its first request does)."""
    client.get("/")
    with django_assert_max_num_queries(15):
        client.get(practice.get_absolute_url())


def test_it_lists_related_practices_sharing_targets_and_themes(client, practice):
    make_practice(title="Also health workers", themes=["labour-migration"], targets=["3.c"])
    make_practice(title="Unrelated", themes=["diaspora"], targets=["17.18"])
    body = client.get(practice.get_absolute_url()).content.decode()
    assert "Related practices" in body
    assert "Also health workers" in body
    assert "Unrelated" not in body


def test_related_cards_say_who_leads_as_the_list_does(client, practice):
    """A related practice led by partners in Algeria and Morocco reads as it does in the list,
    not as led by the countries it involves."""
    related = make_practice(
        title="Maghreb partners",
        themes=["labour-migration"],
        targets=["3.c"],
        other_countries=["DZ", "MA"],
    )
    body = client.get(practice.get_absolute_url()).content.decode()
    listed = client.get("/practices/?q=Maghreb").content.decode()
    link = re.escape(f'<a href="{related.get_absolute_url()}">Maghreb partners</a>')
    card_meta = re.compile(link + r'.*?<p class="card-meta">\s*(.*?)\s*</p>', re.DOTALL)
    on_detail = card_meta.search(body).group(1)
    assert on_detail == card_meta.search(listed).group(1)
    assert "Led by partner organizations" in on_detail
    assert "Algeria" not in on_detail


def test_key_facts_come_before_the_related_practices_and_the_citation_last(client, practice):
    """On a phone the page is read in this order: facts, text, related, citation, source."""
    Practice.objects.filter(pk=practice.pk).update(source_note="Report box 1")
    make_practice(title="Also health workers", themes=["labour-migration"], targets=["3.c"])
    body = client.get(practice.get_absolute_url()).content.decode()
    order = [
        body.index(marker)
        for marker in [
            'id="facts-heading"',
            "?target=3.c",
            'id="section-description"',
            'id="section-related"',
            'id="section-cite"',
            "Report box 1",
        ]
    ]
    assert order == sorted(order)


def test_it_gives_a_citation_and_metadata_for_sharing(client, practice):
    import json
    import re

    body = client.get(practice.get_absolute_url()).content.decode()
    assert "How to cite" in body
    assert '<meta property="og:title" content="Kenya health workers">' in body
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', body).group(1)
    )
    assert data["name"] == "Kenya health workers"
    assert data["url"].endswith(practice.get_absolute_url())


def test_structured_data_cannot_close_its_script_element(client, practice):
    Practice.objects.filter(pk=practice.pk).update(summary="</script><script>alert(1)</script>")
    body = client.get(practice.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in body
