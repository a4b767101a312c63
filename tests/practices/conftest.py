"""The practices tests' share of the review tests' cast (Ghana's focal points, Kenya's); a
test module defining a fixture of the same name uses its own."""

from tests.moderation.fixtures import (  # noqa: F401 - the shared cast
    colleague,
    ghana,
    kenya,
    moderator,
    outsider,
    owner,
)
