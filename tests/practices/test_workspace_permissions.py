"""Who may open what under /my/: every workspace URL × every role.

Government-only submission is the rule the portal rests on. A focal point works on its own
government's practices only; another government's items are as absent as ones that do not
exist (404, so ids cannot be probed); partners and moderators are refused (403): moderators
decide in the admin, they do not edit drafts; visitors are sent to sign in.
"""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

from pfp.moderation.models import ReviewState
from practices.models import Practice
from tests.practices import workspace_cast as cast

ROLES = ["visitor", "partner", "owner", "other_government", "moderator"]
LOGIN = "login"


def focal_points_only(owner_status):
    """What a page of one practice answers: the owner's status for the owning government's
    focal points, 404 for another government's, 403 for the others, sign-in for visitors."""
    return {
        "visitor": LOGIN,
        "partner": 403,
        "owner": owner_status,
        "other_government": 404,
        "moderator": 403,
    }


# (name, method, what the URL is about, {role: expected status})
MATRIX = [
    (
        "home",
        "get",
        None,
        {"visitor": LOGIN, "partner": 200, "owner": 200, "other_government": 200, "moderator": 200},
    ),
    (
        "new",
        "get",
        None,
        {"visitor": LOGIN, "partner": 403, "owner": 200, "other_government": 200, "moderator": 403},
    ),
    (
        "edit",
        "get",
        "draft",
        {"visitor": LOGIN, "partner": 403, "owner": 200, "other_government": 404, "moderator": 403},
    ),
    (
        "preview",
        "get",
        "draft",
        {"visitor": LOGIN, "partner": 403, "owner": 200, "other_government": 404, "moderator": 403},
    ),
    *[
        (f"section/{section}", "get", "draft", focal_points_only(200))
        for section in ["about", "story", "where", "frameworks", "resources", "contact"]
    ],
    # Posted without the version the page carries: refused as a conflict, nothing saved.
    ("section/story", "post", "draft", focal_points_only(409)),
    ("check", "get", "draft", focal_points_only(200)),
    ("submitted", "get", "submitted", focal_points_only(200)),
    (
        "submit",
        "post",
        "draft",
        {"visitor": LOGIN, "partner": 403, "owner": 302, "other_government": 404, "moderator": 403},
    ),
    (
        "withdraw",
        "get",
        "draft",
        {"visitor": LOGIN, "partner": 403, "owner": 200, "other_government": 404, "moderator": 403},
    ),
    (
        "withdraw",
        "post",
        "draft",
        {"visitor": LOGIN, "partner": 403, "owner": 302, "other_government": 404, "moderator": 403},
    ),
    (
        "propose-update",
        "post",
        "published",
        {"visitor": LOGIN, "partner": 403, "owner": 302, "other_government": 404, "moderator": 403},
    ),
]
CASES = [
    pytest.param(name, method, subject, role, expected[role], id=f"{method}-{name}-{role}")
    for name, method, subject, expected in MATRIX
    for role in ROLES
]


@pytest.fixture
def cast_of(reference_data):
    ghana = cast.government("GH")
    kenya = cast.government("KE")
    owner = cast.focal_point(ghana, "owner@gh.example.org")
    moderator = cast.moderator("moderator@gfmd.example.org")
    return {
        "visitor": None,
        "partner": cast.partner("partner@ngo.example.org"),
        "owner": owner,
        "other_government": cast.focal_point(kenya, "focal@ke.example.org"),
        "moderator": moderator,
        "draft": cast.draft(owner, title="Ghana draft"),
        "published": cast.published(owner, moderator, title="Ghana published"),
        "submitted": cast.submitted(owner, title="Ghana submitted"),
    }


def url_for(name, subject):
    if name == "home":
        return "/my/"
    if name == "new":
        return "/my/practices/new/"
    if name == "edit":
        return f"/my/practices/{subject.pk}/"
    return f"/my/practices/{subject.pk}/{name}/"


@pytest.mark.parametrize(("name", "method", "subject", "role", "expected"), CASES)
def test_it_answers_each_role_as_the_matrix_says(
    client, cast_of, name, method, subject, role, expected
):
    """Each workspace URL answers each role with the status in the matrix; refused requests
    change nothing."""
    user = cast_of[role]
    if user is not None:
        client.force_login(user)
    item = cast_of[subject] if subject else None
    states_before = dict(Practice.objects.values_list("pk", "review_state"))

    response = getattr(client, method)(url_for(name, item))

    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(resolve_url(settings.LOGIN_URL) + "?next=")
    else:
        assert response.status_code == expected
    if expected != 302:
        assert dict(Practice.objects.values_list("pk", "review_state")) == states_before


def test_it_denies_another_government_even_a_published_item(client, cast_of):
    """A focal point of Kenya gets 404 for Ghana's published practice in the workspace too."""
    client.force_login(cast_of["other_government"])
    practice = cast_of["published"]
    assert client.get(f"/my/practices/{practice.pk}/").status_code == 404
    assert client.get(f"/my/practices/{practice.pk}/preview/").status_code == 404


def test_guessed_ids_give_404(client, cast_of):
    """An id that does not exist answers like another government's item: 404."""
    client.force_login(cast_of["owner"])
    missing = Practice.objects.order_by("-pk").first().pk + 100
    assert client.get(f"/my/practices/{missing}/").status_code == 404
    assert client.post(f"/my/practices/{missing}/submit/").status_code == 404


@pytest.mark.parametrize("action", ["submit", "propose-update"])
def test_it_rejects_get_on_actions(client, cast_of, action):
    """Actions change data: they answer POST only (withdrawing answers GET with its
    confirmation page, which changes nothing)."""
    client.force_login(cast_of["owner"])
    practice = cast_of["draft"]
    assert client.get(f"/my/practices/{practice.pk}/{action}/").status_code == 405
    practice.refresh_from_db()
    assert practice.review_state == ReviewState.DRAFT


def test_an_unconfirmed_focal_point_cannot_create(client, reference_data):
    """A focal-point membership not yet confirmed by staff gives no right to submit."""
    from pfp.accounts.models import Membership

    user = cast.make_user("pending@gh.example.org")
    Membership.objects.create(
        user=user,
        organization=cast.government("GH"),
        role=Membership.Role.FOCAL_POINT,
        confirmed=False,
    )
    client.force_login(user)
    assert client.get("/my/practices/new/").status_code == 403
    assert "awaits confirmation" in client.get("/my/").content.decode()


def test_another_government_cannot_save_a_section_or_submit(client, cast_of):
    """A well-formed save or submission from Kenya's focal point, for Ghana's draft, is 404
    and changes nothing."""
    practice = cast_of["draft"]
    data = cast.form_data(practice, section="story", objectives="Written by Kenya")
    client.force_login(cast_of["other_government"])
    assert client.post(cast.section_url(practice, "story"), data).status_code == 404
    assert client.post(f"/my/practices/{practice.pk}/submit/").status_code == 404
    practice.refresh_from_db()
    assert practice.objectives == ""
    assert practice.review_state == ReviewState.DRAFT
    assert practice.version == 1
