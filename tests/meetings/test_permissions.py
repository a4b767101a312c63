"""Who may open or post to each meeting URL: visitor, partner, focal point, moderator."""

from datetime import timedelta

import pytest
from django.test import Client

from meetings import services
from tests.meetings.factories import make_meeting
from tests.moderation import cast

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "partner", "focal_point", "moderator"]


@pytest.fixture
def people(reference_data):
    return {
        "visitor": None,
        "partner": cast.partner("partner@example.org"),
        "focal_point": cast.focal_point(cast.government("GH"), "fp@gh.example.org"),
        "moderator": cast.moderator("staff@gfmd.example"),
    }


@pytest.fixture
def meeting(reference_data):
    return make_meeting(capacity=10)


def sign_in(client, people, role):
    if people[role] is not None:
        client.force_login(people[role])
    return people[role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("suffix", ["", "calendar.ics"])
def test_it_shows_public_pages_to_everyone(client, people, meeting, role, suffix):
    sign_in(client, people, role)
    assert client.get("/meetings/").status_code == 200
    assert client.get(f"/meetings/{meeting.slug}/{suffix}").status_code == 200


@pytest.mark.parametrize("action", ["register", "cancel"])
def test_it_sends_visitors_to_sign_in(client, meeting, action):
    response = client.post(f"/meetings/{meeting.slug}/{action}/")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={meeting.get_absolute_url()}"
    assert not meeting.registrations.exists()


@pytest.mark.parametrize("role", ROLES[1:])
def test_it_lets_any_signed_in_user_register_and_cancel(client, people, meeting, role):
    user = sign_in(client, people, role)
    response = client.post(f"/meetings/{meeting.slug}/register/")
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.registrations.get(user=user).status == "registered"
    client.post(f"/meetings/{meeting.slug}/cancel/")
    assert meeting.registrations.get(user=user).status == "cancelled"


def test_a_get_on_the_register_and_cancel_urls_changes_nothing(client, people, meeting):
    user = sign_in(client, people, "partner")
    response = client.get(f"/meetings/{meeting.slug}/register/")
    assert response.status_code == 200
    assert not meeting.registrations.exists()
    services.register(meeting=meeting, actor=user)
    response = client.get(f"/meetings/{meeting.slug}/cancel/")
    assert response.status_code == 200
    assert meeting.registrations.get(user=user).status == "registered"


@pytest.mark.parametrize("action", ["register", "cancel"])
def test_it_refuses_other_methods_on_write_urls(client, people, meeting, action):
    sign_in(client, people, "partner")
    assert client.put(f"/meetings/{meeting.slug}/{action}/").status_code == 405


@pytest.mark.parametrize("role", ROLES)
def test_it_never_shows_other_peoples_registrations(client, people, meeting, role):
    services.register(meeting=meeting, actor=cast.make_user("someone.else@example.org"))
    sign_in(client, people, role)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "someone.else@example.org" not in html
    assert "You are registered." not in html
    assert "9 seats left." in html


def test_it_cannot_cancel_someone_elses_registration(client, people, meeting):
    """Without a registration of their own, the cancel page is not found for them."""
    other = cast.make_user()
    services.register(meeting=meeting, actor=other)
    sign_in(client, people, "partner")
    assert client.get(f"/meetings/{meeting.slug}/cancel/").status_code == 404
    assert client.post(f"/meetings/{meeting.slug}/cancel/").status_code == 404
    assert meeting.registrations.get(user=other).status == "registered"


def test_it_refuses_a_forged_cancellation(people, meeting):
    """A cross-site POST carries no CSRF token: refused with the 403 page, seat kept."""
    user = people["partner"]
    services.register(meeting=meeting, actor=user)
    forger = Client(enforce_csrf_checks=True)
    forger.force_login(user)
    response = forger.post(f"/meetings/{meeting.slug}/cancel/")
    assert response.status_code == 403
    assert meeting.registrations.get(user=user).status == "registered"


def test_it_404s_unknown_meetings_for_every_action(client, people):
    sign_in(client, people, "partner")
    for path in ("", "calendar.ics"):
        assert client.get(f"/meetings/no-such-meeting/{path}").status_code == 404
    for action in ("register", "cancel"):
        assert client.post(f"/meetings/no-such-meeting/{action}/").status_code == 404


def test_it_leaves_past_meeting_pages_public(client, reference_data):
    meeting = make_meeting(starts_in=timedelta(days=-100))
    assert client.get(meeting.get_absolute_url()).status_code == 200
