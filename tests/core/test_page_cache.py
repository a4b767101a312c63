"""Anonymous pages are served from the cache until something is published or unpublished."""

import pytest
from django.core.cache import cache

from pfp.moderation.models import ReviewState
from practices.models import Practice
from tests.factories import make_practice


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
    Practice.objects.filter(pk=practice.pk).update(review_state=ReviewState.UNPUBLISHED)
    practice.refresh_from_db()
    practice.save()  # the write paths save; the signal logs the change
    assert "Soon gone" not in client.get("/themes/remittances/").content.decode()


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
