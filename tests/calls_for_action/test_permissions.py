"""Every new URL × every role → the status in the matrix. Refused requests change nothing, and
neither does any GET (the confirmation pages of withdrawing, accepting and declining too).

Ghana owns the call. A focal point works on its own government's calls only; another
government's are as absent as ones that do not exist (404). Partners and moderators are
refused the government's pages (403). Only organizations other than Ghana make offers.
"""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

from calls_for_action.models import CallForAction, Offer
from tests.calls_for_action import cast

ROLES = ["visitor", "partner", "owner", "other_government", "moderator"]
LOGIN = "login"

# (url template, method, {role: expected})
MATRIX = [
    ("/calls/", "get", dict.fromkeys(ROLES, 200)),
    ("/calls/{published.slug}/", "get", dict.fromkeys(ROLES, 200)),
    ("/calls/{draft.slug}/", "get", dict.fromkeys(ROLES, 404)),
    (
        "/calls/{published.slug}/offer/",
        "get",
        {"visitor": LOGIN, "partner": 200, "owner": 403, "other_government": 200, "moderator": 403},
    ),
    (
        "/calls/{published.slug}/offer/",
        "post",
        {"visitor": LOGIN, "partner": 302, "owner": 403, "other_government": 302, "moderator": 403},
    ),
    (
        "/my/calls/",
        "get",
        {"visitor": LOGIN, "partner": 403, "owner": 200, "other_government": 200, "moderator": 403},
    ),
    (
        "/my/calls/new/",
        "get",
        {"visitor": LOGIN, "partner": 403, "owner": 200, "other_government": 200, "moderator": 403},
    ),
    (
        "/my/calls/{draft.pk}/",
        "get",
        {"visitor": LOGIN, "partner": 403, "owner": 200, "other_government": 404, "moderator": 403},
    ),
    (
        "/my/calls/{draft.pk}/submit/",
        "post",
        {"visitor": LOGIN, "partner": 403, "owner": 302, "other_government": 404, "moderator": 403},
    ),
    (
        "/my/calls/{draft.pk}/withdraw/",
        "post",
        {"visitor": LOGIN, "partner": 403, "owner": 302, "other_government": 404, "moderator": 403},
    ),
    (
        "/my/calls/{published.pk}/fulfil/",
        "post",
        {"visitor": LOGIN, "partner": 403, "owner": 302, "other_government": 404, "moderator": 403},
    ),
    (
        "/my/calls/{published.pk}/offers/",
        "get",
        {"visitor": LOGIN, "partner": 403, "owner": 200, "other_government": 404, "moderator": 403},
    ),
    (
        "/my/calls/{draft.pk}/withdraw/",
        "get",
        {"visitor": LOGIN, "partner": 403, "owner": 200, "other_government": 404, "moderator": 403},
    ),
    (
        "/my/calls/{draft.pk}/preview/",
        "get",
        {"visitor": LOGIN, "partner": 403, "owner": 200, "other_government": 404, "moderator": 403},
    ),
    (
        "/my/calls/offers/{offer.pk}/accept/",
        "get",
        {"visitor": LOGIN, "partner": 403, "owner": 200, "other_government": 404, "moderator": 403},
    ),
    (
        "/my/calls/offers/{offer.pk}/accept/",
        "post",
        {"visitor": LOGIN, "partner": 403, "owner": 302, "other_government": 404, "moderator": 403},
    ),
    (
        "/my/calls/offers/{offer.pk}/decline/",
        "get",
        {"visitor": LOGIN, "partner": 403, "owner": 200, "other_government": 404, "moderator": 403},
    ),
    (
        "/my/calls/offers/{offer.pk}/decline/",
        "post",
        {"visitor": LOGIN, "partner": 403, "owner": 302, "other_government": 404, "moderator": 403},
    ),
    (
        "/my/calls/offers/",
        "get",
        {"visitor": LOGIN, "partner": 200, "owner": 200, "other_government": 200, "moderator": 403},
    ),
    (
        "/my/calls/offers/{offer.pk}/withdraw/",
        "get",
        {"visitor": LOGIN, "partner": 200, "owner": 404, "other_government": 404, "moderator": 403},
    ),
    (
        "/my/calls/offers/{offer.pk}/withdraw/",
        "post",
        {"visitor": LOGIN, "partner": 302, "owner": 404, "other_government": 404, "moderator": 403},
    ),
    (
        "/my/calls/digest/",
        "post",
        {"visitor": LOGIN, "partner": 403, "owner": 302, "other_government": 302, "moderator": 403},
    ),
]
CASES = [
    pytest.param(url, method, role, expected[role], id=f"{method}-{url}-{role}")
    for url, method, expected in MATRIX
    for role in ROLES
]
# What the forms post; the offer form carries the version it was loaded from.
POSTED = {"decision": "accept", "expected_version": 1, **cast.offer_fields()}


@pytest.fixture
def world(owner, other_government, partner, moderator):
    published = cast.published_call(owner, moderator, title="Published call")
    return {
        "visitor": None,
        "partner": partner,
        "owner": owner,
        "other_government": other_government,
        "moderator": moderator,
        "draft": cast.draft_call(owner, title="Draft call"),
        "published": published,
        # The partner's offer on the published call; a second partner's, so that the
        # partner's own POST to the offer form is a first offer.
        "offer": cast.make_offer(published, partner),
    }


def _snapshot():
    return (
        dict(CallForAction.objects.values_list("pk", "review_state")),
        dict(CallForAction.objects.values_list("pk", "status")),
        sorted(Offer.objects.values_list("pk", "status", "message")),
    )


@pytest.mark.parametrize(("url", "method", "role", "expected"), CASES)
def test_it_answers_each_role_as_the_matrix_says(client, world, url, method, role, expected):
    user = world[role]
    if user is not None:
        client.force_login(user)
    before = _snapshot()

    response = getattr(client, method)(url.format(**world), POSTED if method == "post" else None)

    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(resolve_url(settings.LOGIN_URL) + "?next=")
    else:
        assert response.status_code == expected
    if expected != 302 or method == "get":
        assert _snapshot() == before


@pytest.mark.parametrize(
    "url", ["/my/calls/{draft.pk}/submit/", "/my/calls/{published.pk}/fulfil/"]
)
def test_it_rejects_get_on_actions(client, world, url):
    client.force_login(world["owner"])
    assert client.get(url.format(**world)).status_code == 405


def test_guessed_ids_give_404(client, world):
    client.force_login(world["owner"])
    missing = CallForAction.objects.order_by("-pk").first().pk + 100
    assert client.get(f"/my/calls/{missing}/").status_code == 404
    assert client.get(f"/my/calls/{missing}/offers/").status_code == 404
