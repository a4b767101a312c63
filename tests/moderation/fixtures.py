"""The small cast of the review tests as fixtures: Ghana's focal points own the practices and
calls, Kenya is another government. Imported by the conftest of each test folder that needs
them (tests/moderation/, tests/calls_for_action/)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.moderation import cast


@pytest.fixture
def ghana(reference_data):
    return cast.government("GH")


@pytest.fixture
def kenya(reference_data):
    return cast.government("KE")


@pytest.fixture
def owner(ghana):
    """A focal point of Ghana, the government that owns the practices."""
    return cast.focal_point(ghana, "owner@gh.example.org", first_name="Kwame", last_name="Mensah")


@pytest.fixture
def colleague(ghana):
    """Another focal point of Ghana."""
    return cast.focal_point(ghana, "colleague@gh.example.org")


@pytest.fixture
def outsider(kenya):
    """A focal point of Kenya."""
    return cast.focal_point(kenya, "focal@ke.example.org")


@pytest.fixture
def partner(reference_data):
    return cast.partner("partner@ngo.example.org")


@pytest.fixture
def moderator(reference_data):
    return cast.moderator("moderator@gfmd.example.org")


@pytest.fixture
def visitor():
    return AnonymousUser()
