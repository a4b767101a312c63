"""Anonymous pages are served from the cache until something is published or unpublished."""

import pytest
from django.core.cache import cache

from pfp.core import generation
from pfp.moderation import workflow
from pfp.moderation.models import ReviewState
from practices import services
from tests.factories import make_practice
from tests.practices.workspace_cast import complete_fields, focal_point, government, moderator


@pytest.fixture
def page_cache(settings, reference_data):
    settings.PFP_PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def test_a_second_visit_is_served_from_the_cache(client, page_cache):
    make_practice(title="Cached practice")
    assert client.get("/practices/")["X-PfP-Cache"] == "miss"
    assert client.get("/practices/")["X-PfP-Cache"] == "hit"


def test_publishing_makes_cached_pages_stale(client, page_cache):
    draft = make_practice(title="Soon public", state=ReviewState.DRAFT)
    assert "Soon public" not in client.get("/practices/").content.decode()
    draft.review_state = ReviewState.PUBLISHED
    draft.save()
    response = client.get("/practices/")
    assert response["X-PfP-Cache"] == "miss"
    assert "Soon public" in response.content.decode()


def test_unpublishing_makes_cached_pages_stale(client, page_cache):
    practice = make_practice(title="Soon gone")
    assert "Soon gone" in client.get("/themes/remittances/").content.decode()
    workflow.perform(item=practice, action_name="unpublish", actor=moderator(), comment="Outdated")
    response = client.get("/themes/remittances/")
    assert response["X-PfP-Cache"] == "miss"
    assert "Soon gone" not in response.content.decode()


def test_publishing_through_the_workflow_makes_cached_pages_stale(client, page_cache):
    author = focal_point(government("GH"))
    draft = services.practice_create(actor=author, fields=complete_fields(title="Fund news"))
    services.practice_submit(practice=draft, actor=author)
    assert "Fund news" not in client.get("/practices/").content.decode()
    workflow.perform(item=draft, action_name="publish", actor=moderator())
    response = client.get("/practices/")
    assert response["X-PfP-Cache"] == "miss"
    assert "Fund news" in response.content.decode()


def test_a_draft_saved_leaves_cached_pages_as_they_are(client, page_cache):
    """Nothing a visitor sees changed: the generation stays, and pages stay cached."""
    author = focal_point(government("GH"))
    make_practice(title="Public practice")
    draft = services.practice_create(actor=author, fields=complete_fields(title="Draft one"))
    client.get("/practices/")
    before = generation.current()
    services.practice_save(
        practice=draft,
        actor=author,
        expected_version=draft.version,
        fields=complete_fields(title="Draft one, edited", summary="Still a draft."),
    )
    assert generation.current() == before
    assert client.get("/practices/")["X-PfP-Cache"] == "hit"


def test_an_edit_of_a_published_practice_moves_the_generation(page_cache):
    practice = make_practice(title="Published")
    before = generation.current()
    practice.title = "Published, corrected"
    practice.save()
    assert generation.current() == before + 1


def test_signed_in_users_are_never_served_a_cached_page(client, page_cache, django_user_model):
    user = django_user_model.objects.create_user(email="reader@example.org", password="x" * 12)
    client.force_login(user)
    client.get("/practices/")
    assert "X-PfP-Cache" not in client.get("/practices/")


def test_each_query_string_is_cached_apart(client, page_cache):
    make_practice(title="Remittance practice", themes=["remittances"])
    make_practice(title="Diaspora practice", themes=["diaspora"])
    client.get("/practices/?theme=remittances")
    body = client.get("/practices/?theme=diaspora").content.decode()
    assert "Diaspora practice" in body and "Remittance practice" not in body


def test_it_is_off_by_default_in_development(client, reference_data, settings):
    settings.PFP_PAGE_CACHE_SECONDS = 0
    assert "X-PfP-Cache" not in client.get("/practices/")


def test_a_change_of_reference_data_makes_cached_pages_stale(client, page_cache):
    from pfp.taxonomy.models import ThematicArea

    make_practice(title="Remittance practice", themes=["remittances"])
    client.get("/themes/")
    theme = ThematicArea.objects.get(slug="remittances")
    theme.name = "Remittances and savings"
    theme.save()
    response = client.get("/themes/")
    assert response["X-PfP-Cache"] == "miss"
    assert "Remittances and savings" in response.content.decode()


def test_a_published_call_or_a_new_meeting_makes_the_cached_home_page_stale(client, page_cache):
    from tests.calls_for_action import cast as calls_cast
    from tests.meetings.factories import make_meeting

    owner = calls_cast.focal_point(calls_cast.government("GH"), "owner@gh.example.org")
    moderator_user = calls_cast.moderator("moderator@gfmd.example.org")
    client.get("/")
    calls_cast.published_call(owner, moderator_user, title="Partners for diaspora bonds")
    response = client.get("/")
    assert response["X-PfP-Cache"] == "miss"
    assert "Partners for diaspora bonds" in response.content.decode()
    make_meeting(title="PfP meeting in Bogotá")
    assert "PfP meeting in Bogotá" in client.get("/").content.decode()
