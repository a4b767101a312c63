"""Registering for a meeting: capacity, the waiting list, cancelling and moving up."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError

from meetings import services
from meetings.models import Registration
from tests.meetings.factories import make_meeting
from tests.moderation.cast import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return [make_user(f"person{n}@example.org") for n in range(4)]


def statuses(meeting):
    return [
        (r.user.email, r.status, r.position)
        for r in meeting.registrations.order_by("id").select_related("user")
    ]


def test_it_registers_until_full_then_puts_people_on_the_waiting_list(reference_data, people):
    meeting = make_meeting(capacity=2)
    results = [services.register(meeting=meeting, actor=person) for person in people]
    assert [r.status for r in results] == ["registered", "registered", "waiting", "waiting"]
    assert [r.position for r in results[2:]] == [1, 2]


def test_it_registers_without_limit_when_capacity_is_empty(reference_data, people):
    meeting = make_meeting(capacity=None)
    for person in people:
        assert services.register(meeting=meeting, actor=person).status == "registered"


def test_it_keeps_one_registration_per_person(reference_data, people):
    meeting = make_meeting(capacity=5)
    first = services.register(meeting=meeting, actor=people[0])
    again = services.register(meeting=meeting, actor=people[0])
    assert again.pk == first.pk
    assert meeting.registrations.count() == 1


def test_it_refuses_a_second_active_registration_in_the_database(reference_data, people):
    meeting = make_meeting()
    Registration.objects.create(meeting=meeting, user=people[0], status="registered")
    with pytest.raises(IntegrityError):
        Registration.objects.create(meeting=meeting, user=people[0], status="waiting")


def test_it_lets_a_person_register_again_after_cancelling(
    reference_data, people, django_capture_on_commit_callbacks
):
    meeting = make_meeting(capacity=1)
    services.register(meeting=meeting, actor=people[0])
    services.cancel(meeting=meeting, actor=people[0])
    assert services.register(meeting=meeting, actor=people[0]).status == "registered"


def test_it_moves_the_first_waiting_person_up_and_emails_them(
    reference_data, people, django_capture_on_commit_callbacks
):
    meeting = make_meeting(capacity=1, title="Skills partnerships")
    for person in people[:3]:
        services.register(meeting=meeting, actor=person)
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.cancel(meeting=meeting, actor=people[0])
    assert cancelled.status == "cancelled"
    assert statuses(meeting) == [
        ("person0@example.org", "cancelled", None),
        ("person1@example.org", "registered", 1),
        ("person2@example.org", "waiting", 2),
    ]
    cancelled_mail, seat_mail = mail.outbox
    assert cancelled_mail.to == ["person0@example.org"]
    assert seat_mail.to == ["person1@example.org"]
    assert seat_mail.subject == "[GFMD PfP] A seat is yours: Skills partnerships"
    assert "/my/#my-meetings" in seat_mail.body


def test_only_the_leaver_is_emailed_when_a_waiting_person_leaves(
    reference_data, people, django_capture_on_commit_callbacks
):
    meeting = make_meeting(capacity=1)
    for person in people[:3]:
        services.register(meeting=meeting, actor=person)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(meeting=meeting, actor=people[1])
    (left,) = mail.outbox
    assert left.to == ["person1@example.org"]
    assert left.subject.startswith("[GFMD PfP] You have left the waiting list")
    assert meeting.registrations.get(user=people[2]).status == "waiting"


def test_it_returns_none_when_there_is_nothing_to_cancel(reference_data, people):
    meeting = make_meeting()
    assert services.cancel(meeting=meeting, actor=people[0]) is None


@pytest.mark.parametrize(
    ("fields", "starts_in"),
    [
        ({"registration_open": False}, timedelta(days=3)),
        ({}, timedelta(days=-3)),
        ({"published": False}, timedelta(days=3)),
    ],
    ids=["not-open", "past", "unpublished"],
)
def test_it_refuses_registration_when_closed(reference_data, people, fields, starts_in):
    meeting = make_meeting(starts_in=starts_in, **fields)
    with pytest.raises(services.RegistrationError) as raised:
        services.register(meeting=meeting, actor=people[0])
    assert raised.value.code == "registration_closed"
    assert not meeting.registrations.exists()


def test_it_refuses_to_cancel_once_the_meeting_started(reference_data, people):
    meeting = make_meeting(capacity=1)
    services.register(meeting=meeting, actor=people[0])
    meeting.start = meeting.start - timedelta(days=60)
    meeting.end = meeting.start + timedelta(hours=1)
    meeting.save()
    with pytest.raises(services.RegistrationError) as raised:
        services.cancel(meeting=meeting, actor=people[0])
    assert raised.value.code == "meeting_started"
