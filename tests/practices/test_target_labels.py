"""/practices/ and the practice page name SDG targets by their code and text, not a bare code;
the whole official text is the title of each shortened one."""

import pytest

from pfp.taxonomy.models import SDGTarget
from tests.factories import make_practice

LABEL = "10.7 — Facilitate orderly, safe, regular and responsible migration…"


@pytest.fixture
def practice(reference_data):
    return make_practice(title="Fair recruitment", targets=["10.7"], countries=["PH"])


@pytest.fixture
def full_text(reference_data):
    return SDGTarget.objects.get(code="10.7").text


def test_the_facet_shows_the_target_with_its_text(client, practice, full_text):
    body = client.get("/practices/").content.decode()
    assert f'<label for="f-target-1" title="{full_text}">{LABEL} <span class="count">1</span>' in (
        body
    )


def test_the_filter_chip_shows_the_target_with_its_text(client, practice, full_text):
    body = client.get("/practices/?target=10.7").content.decode()
    assert f'<a class="chip" href="?" title="{full_text}"><span>SDG target: {LABEL}</span>' in body


def test_other_facets_have_no_title(client, practice):
    body = client.get("/practices/?country=PH").content.decode()
    assert '<label for="f-country-1">' in body
    assert '<a class="chip" href="?"><span>Country: Philippines</span>' in body


def test_the_practice_page_shows_the_target_with_its_text(client, practice, full_text):
    body = client.get(practice.get_absolute_url()).content.decode()
    assert f'<a href="/practices/?target=10.7" title="{full_text}">{LABEL}</a>' in body
