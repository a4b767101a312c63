"""The open API's calls for action, meetings and reference data: published items only, each
found by its public identifier, unknown filter values refused."""

import json

import pytest

from meetings.models import AgendaItem
from tests.calls_for_action import cast
from tests.factories import make_practice
from tests.meetings.factories import make_meeting
from tests.moderation import fixtures

ghana, kenya, owner, moderator = fixtures.ghana, fixtures.kenya, fixtures.owner, fixtures.moderator


def body(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    return json.loads(response.content)


def titles(page):
    return [record["title"] for record in page["results"]]


def test_calls_list_published_calls_open_ones_first(client, owner, moderator):
    later = cast.published_call(owner, moderator, title="Later call", deadline=cast.in_days(40))
    sooner = cast.published_call(owner, moderator, title="Sooner call", deadline=cast.in_days(5))
    cast.draft_call(owner, title="Draft call about Zanzibar")
    page = body(client, "/api/v1/calls/")
    assert titles(page) == ["Sooner call", "Later call"]
    record = page["results"][0]
    assert record["slug"] == sooner.slug
    assert record["status"] == "open"
    assert record["government_country"] == "GH"
    assert record["thematic_areas"] == ["remittances"]
    assert record["sdg_targets"] == ["10.c"]
    assert record["url"].endswith(f"/calls/{sooner.slug}/")
    assert body(client, f"/api/v1/calls/{later.slug}/")["title"] == "Later call"


def test_a_draft_call_is_never_visible(client, owner, moderator):
    draft = cast.draft_call(owner, title="Draft call about Zanzibar")
    submitted = cast.draft_call(owner, title="Submitted call about Zanzibar")
    from calls_for_action import services

    services.call_submit(call=submitted, actor=owner)
    assert body(client, "/api/v1/calls/")["count"] == 0
    body(client, f"/api/v1/calls/{draft.slug}/", status=404)
    body(client, f"/api/v1/calls/{submitted.slug}/", status=404)


def test_calls_filter_by_public_identifiers(client, owner, moderator):
    cast.published_call(owner, moderator, title="Remittances call")
    assert titles(body(client, "/api/v1/calls/?theme=remittances&country=gh&status=open")) == [
        "Remittances call"
    ]
    assert body(client, "/api/v1/calls/?status=closed")["count"] == 0
    assert body(client, "/api/v1/calls/?theme=diaspora")["count"] == 0


def test_calls_refuse_unknown_filter_values_with_every_problem(client, reference_data):
    page = body(client, "/api/v1/calls/?theme=nowhere&kind=begging&country=XX", status=400)
    assert [error["parameter"] for error in page["errors"]] == ["kind", "theme", "country"]


def test_meetings_list_published_meetings_with_their_agenda(client, reference_data):
    practice = make_practice(title="Skills partnership")
    draft = make_practice(title="Draft practice", state="draft")
    meeting = make_meeting(title="Labour mobility meeting", practices=[practice, draft])
    make_meeting(title="Unpublished meeting", published=False)
    page = body(client, "/api/v1/meetings/")
    assert titles(page) == ["Labour mobility meeting"]
    record = page["results"][0]
    assert record["summit"] == meeting.summit.year
    assert record["agenda"][0]["practices"] == ["http://testserver" + practice.get_absolute_url()]
    assert body(client, f"/api/v1/meetings/{meeting.slug}/")["slug"] == meeting.slug
    body(client, "/api/v1/meetings/unpublished-meeting/", status=404)
    assert AgendaItem.objects.count() == 1


def test_meetings_filter_by_summit_year(client, reference_data):
    meeting = make_meeting(title="A meeting")
    year = meeting.summit.year
    assert titles(body(client, f"/api/v1/meetings/?summit={year}")) == ["A meeting"]
    page = body(client, "/api/v1/meetings/?summit=2099", status=400)
    assert page["errors"][0]["parameter"] == "summit"


@pytest.mark.parametrize(
    "url, key, value",
    [
        ("/api/v1/goals/10/", "title", "Reduce inequality within and among countries"),
        ("/api/v1/targets/10.7/", "goal", 10),
        ("/api/v1/gcm-objectives/1/", "number", 1),
        ("/api/v1/themes/remittances/", "slug", "remittances"),
        ("/api/v1/partner-types/civil-society/", "slug", "civil-society"),
        ("/api/v1/countries/gh/", "intermediate_region", "western-africa"),
        ("/api/v1/regions/western-africa/", "parent", "sub-saharan-africa"),
        ("/api/v1/summits/2007/", "year", 2007),
        ("/api/v1/roundtables/2008-1/", "summit", 2008),
    ],
)
def test_reference_data_by_public_identifier(client, reference_data, url, key, value):
    assert body(client, url)[key] == value


@pytest.mark.parametrize(
    "url, count",
    [
        ("/api/v1/goals/", 17),
        ("/api/v1/targets/", 169),
        ("/api/v1/gcm-objectives/", 23),
        ("/api/v1/themes/", 6),
    ],
)
def test_reference_lists_are_complete(client, reference_data, url, count):
    assert len(body(client, url)) == count


def test_goals_hold_their_targets(client, reference_data):
    goal = body(client, "/api/v1/goals/10/")
    codes = [target["code"] for target in goal["targets"]]
    assert "10.7" in codes and "10.c" in codes and all(c.startswith("10.") for c in codes)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/goals/18/",
        "/api/v1/targets/99.9/",
        "/api/v1/themes/nowhere/",
        "/api/v1/countries/XX/",
        "/api/v1/summits/2099/",
        "/api/v1/roundtables/nowhere/",
    ],
)
def test_an_unknown_identifier_is_404(client, reference_data, url):
    assert body(client, url, status=404) == {"detail": "Not found."}


def test_a_malformed_number_in_a_path_is_400(client, reference_data):
    page = body(client, "/api/v1/goals/ten/", status=400)
    assert page["errors"][0]["parameter"] == "number"
