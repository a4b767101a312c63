"""A visitor browses the PfP meetings; a signed-in user registers for one. Every page is
audited by axe-core (the `browse` harness)."""

import datetime
from datetime import timedelta

import pytest

from tests.meetings.factories import make_meeting
from tests.practices import workspace_cast as cast


@pytest.fixture
def meetings(reference_data):
    upcoming = make_meeting(
        title="PfP meeting on skills partnerships",
        capacity=20,
        description="Governments present **skills** partnerships.",
    )
    upcoming.agenda_items.create(
        position=1,
        title="Opening",
        start_time=datetime.time(9, 30),
        speakers="Ana Cruz, Government of the Philippines",
    )
    make_meeting(title="PfP meeting on remittances", starts_in=timedelta(days=-400))
    return upcoming


def test_a_visitor_opens_the_meetings_and_a_meeting_page(browse, meetings):
    page = browse.page
    browse("/meetings/")
    assert page.get_by_role("heading", level=1).inner_text() == "PfP meetings"
    assert page.get_by_role("link", name="PfP meeting on remittances").is_visible()
    browse.follow(page.get_by_role("link", name="PfP meeting on skills partnerships"))
    assert page.get_by_role("heading", name="Agenda").is_visible()
    assert page.get_by_text("Ana Cruz, Government of the Philippines").is_visible()
    assert page.get_by_role("link", name="Add to calendar (.ics)").is_visible()
    assert page.get_by_role("link", name="Sign in to register").is_visible()


def test_a_signed_in_user_registers_for_a_meeting(browse, meetings):
    user = cast.partner("nadia@ngo.example.org")
    page = browse.page
    browse(f"/accounts/login/?next={meetings.get_absolute_url()}")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(cast.PASSWORD)
    with browse.navigation():
        page.get_by_role("button", name="Sign in").click()
    assert page.get_by_text("You are not registered.").is_visible()
    assert page.get_by_text("20 seats left.").is_visible()

    with browse.navigation():
        page.get_by_role("button", name="Register").click()
    assert page.get_by_text("You are registered.", exact=True).is_visible()
    assert page.get_by_text("19 seats left.").is_visible()
    assert page.get_by_role("button", name="Cancel my registration").is_visible()
