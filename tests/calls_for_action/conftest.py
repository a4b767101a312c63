import pytest

from tests.calls_for_action import cast


@pytest.fixture
def ghana(reference_data):
    return cast.government("GH")


@pytest.fixture
def kenya(reference_data):
    return cast.government("KE")


@pytest.fixture
def owner(ghana):
    return cast.focal_point(ghana, "owner@gh.example.org")


@pytest.fixture
def colleague(ghana):
    return cast.focal_point(ghana, "colleague@gh.example.org")


@pytest.fixture
def other_government(kenya):
    return cast.focal_point(kenya, "focal@ke.example.org")


@pytest.fixture
def partner(reference_data):
    return cast.partner("partner@ngo.example.org")


@pytest.fixture
def moderator(reference_data):
    return cast.moderator("moderator@gfmd.example.org")


@pytest.fixture
def call(owner, moderator):
    """A published, open call of Ghana."""
    return cast.published_call(owner, moderator)
