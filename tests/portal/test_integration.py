"""The home page and the practice page bring practices, calls and meetings together."""

import pytest
from django.core.cache import cache

from tests.calls_for_action import cast as calls_cast
from tests.factories import make_practice
from tests.meetings.factories import make_meeting


@pytest.fixture
def ghana_call(reference_data):
    owner = calls_cast.focal_point(calls_cast.government("GH"), "owner@gh.example.org")
    moderator = calls_cast.moderator("moderator@gfmd.example.org")
    return owner, moderator


def test_the_home_page_shows_open_calls_and_the_next_meeting(client, ghana_call):
    owner, moderator = ghana_call
    call = calls_cast.published_call(owner, moderator, title="Partners for diaspora bonds")
    make_meeting(title="PfP meeting in Bogotá")
    body = client.get("/").content.decode()
    assert "Partners for diaspora bonds" in body
    assert call.get_absolute_url() in body
    assert "PfP meeting in Bogotá" in body


def test_the_home_page_says_when_nothing_is_open(client, reference_data):
    body = client.get("/").content.decode()
    assert "No call for action is open at the moment." in body
    assert "No meeting is scheduled yet." in body


def test_a_practice_page_lists_its_open_calls_and_meetings(client, ghana_call):
    owner, moderator = ghana_call
    practice = make_practice(title="Diaspora bonds", countries=["GH"])
    calls_cast.published_call(
        owner, moderator, title="Replicate diaspora bonds", related_practices=[practice]
    )
    make_meeting(title="PfP meeting on diaspora finance", practices=[practice])
    body = client.get(practice.get_absolute_url()).content.decode()
    assert "Replicate diaspora bonds" in body
    assert "PfP meeting on diaspora finance" in body


def test_a_practice_page_stays_within_its_query_budget(
    client, ghana_call, django_assert_max_num_queries
):
    owner, moderator = ghana_call
    practice = make_practice(title="Diaspora bonds", countries=["GH"])
    make_practice(title="Also diaspora bonds", countries=["KE"])
    calls_cast.published_call(owner, moderator, related_practices=[practice])
    make_meeting(practices=[practice])
    client.get("/")  # the process builds its facet index
    with django_assert_max_num_queries(15):
        client.get(practice.get_absolute_url())


def test_publishing_a_call_drops_the_cached_home_page(client, ghana_call, settings):
    settings.PFP_PAGE_CACHE_SECONDS = 60
    cache.clear()
    owner, moderator = ghana_call
    assert client.get("/")["X-PfP-Cache"] == "miss"
    assert client.get("/")["X-PfP-Cache"] == "hit"
    calls_cast.published_call(owner, moderator, title="Seeking host countries")
    response = client.get("/")
    assert response["X-PfP-Cache"] == "miss"
    assert "Seeking host countries" in response.content.decode()
    cache.clear()


def test_a_call_page_lists_the_meetings_where_it_was_presented(client, ghana_call):
    from meetings.models import AgendaItem

    owner, moderator = ghana_call
    call = calls_cast.published_call(owner, moderator, title="Seeking host countries")
    meeting = make_meeting(title="PfP meeting on partnerships")
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Calls for action")
    item.calls.add(call)
    body = client.get(call.get_absolute_url()).content.decode()
    assert "Presented at PfP meetings" in body
    assert "PfP meeting on partnerships" in body


def test_an_unconfirmed_member_acts_for_no_organization(reference_data):
    """A partner whose email is not confirmed yet, or an unconfirmed focal point, cannot act
    (make offers, for one) in the name of the organization."""
    from pfp.accounts.models import Membership
    from pfp.accounts.roles import organization_of

    user = calls_cast.partner("new@ngo.example.org")
    assert organization_of(user) is not None
    Membership.objects.filter(user=user).update(confirmed=False)
    user.refresh_from_db()
    assert organization_of(user) is None
