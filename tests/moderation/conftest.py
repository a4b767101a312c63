from tests.moderation.fixtures import (  # noqa: F401 - the shared cast
    colleague,
    ghana,
    kenya,
    moderator,
    outsider,
    owner,
    partner,
    visitor,
)
