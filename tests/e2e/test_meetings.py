"""A visitor browses the PfP meetings; a signed-in user registers for one. Every page is
audited by axe-core (the `browse` harness)."""

import datetime
from datetime import timedelta

import pytest
from django.core import mail

from meetings import services
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


@pytest.mark.parametrize("width", [1366, 390])
def test_a_person_registers_then_cancels_and_the_next_person_gets_the_seat(
    browse, reference_data, width
):
    """Sign in → register (an error first, then fine) → the email → My meetings → cancel
    through the confirmation page → the first on the waiting list gets the seat and an email."""
    meeting = make_meeting(title="PfP meeting on skills partnerships", capacity=1)
    user = cast.partner("nadia@ngo.example.org")
    waiting = cast.partner("omar@ngo.example.org")
    page = browse.page
    page.set_viewport_size({"width": width, "height": 900})

    browse(f"/accounts/login/?next={meeting.get_absolute_url()}")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(cast.PASSWORD)
    with browse.navigation():
        page.get_by_role("button", name="Sign in").click()
    assert page.get_by_text("You are not registered.").is_visible()
    assert page.get_by_text("1 seat left.").is_visible()

    browse.follow(page.get_by_role("link", name="Register", exact=True))
    assert page.get_by_role("heading", level=1).inner_text() == "Register for the meeting"
    page.get_by_label("Access needs").fill("x" * 501)
    with browse.navigation():
        page.get_by_role("button", name="Register").click()
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert summary.evaluate("element => element === document.activeElement")
    assert page.get_by_label("Access needs").get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Access needs").input_value() == "x" * 501
    assert not meeting.registrations.exists()

    page.get_by_label("Access needs").fill("Step-free access, please.")
    with browse.navigation():
        page.get_by_role("button", name="Register").click()
    assert page.get_by_text("You are registered.", exact=True).is_visible()
    (confirmation,) = mail.outbox
    assert confirmation.to == [user.email]
    assert (
        confirmation.subject == "[GFMD PfP] You are registered: PfP meeting on skills partnerships"
    )
    assert "Access needs: Step-free access, please." in confirmation.body

    services.register(meeting=meeting, actor=waiting)
    mail.outbox.clear()
    browse("/my/")
    my_meetings = page.locator("#my-meetings")
    assert my_meetings.get_by_role(
        "link", name="PfP meeting on skills partnerships", exact=True
    ).is_visible()
    assert my_meetings.get_by_text("Registered", exact=True).is_visible()

    browse.follow(my_meetings.get_by_role("link", name="Cancel my registration"))
    assert page.get_by_role("heading", level=1).inner_text() == "Cancel your registration?"
    assert page.get_by_text(
        "Your seat goes at once to the first person on the waiting list"
    ).is_visible()
    assert meeting.registrations.get(user=user).status == "registered"
    with browse.navigation():
        page.get_by_role("button", name="Yes, cancel my registration").click()
    assert page.get_by_text("Your registration is cancelled.").is_visible()
    # The seat went to the waiting list: the meeting is full again.
    assert page.get_by_role("link", name="Join the waiting list").is_visible()

    assert meeting.registrations.get(user=waiting).status == "registered"
    assert sorted(message.to[0] for message in mail.outbox) == [user.email, waiting.email]
    (seat,) = [message for message in mail.outbox if message.to == [waiting.email]]
    assert seat.subject == "[GFMD PfP] A seat is yours: PfP meeting on skills partnerships"
