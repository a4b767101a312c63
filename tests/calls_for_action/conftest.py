import pytest

from tests.calls_for_action import cast
from tests.moderation import fixtures

# The shared cast of the review tests.
ghana, kenya, owner, colleague = fixtures.ghana, fixtures.kenya, fixtures.owner, fixtures.colleague
partner, moderator = fixtures.partner, fixtures.moderator


@pytest.fixture
def other_government(kenya):
    return cast.focal_point(kenya, "focal@ke.example.org")


@pytest.fixture
def call(owner, moderator):
    """A published, open call of Ghana."""
    return cast.published_call(owner, moderator)
