"""Write paths for meetings: registering for a meeting and cancelling a registration.

Both lock the meeting's row for the length of their transaction. The race they close: two
people taking the last seat at once would otherwise both count one seat free and both be
registered; with the lock, the second counts after the first has committed.
"""

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pfp.core import emails

from .models import Meeting, Registration


class RegistrationError(Exception):
    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code


def _locked_meeting(meeting):
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _seats_taken(meeting):
    return meeting.registrations.filter(status=Registration.Status.REGISTERED).count()


@transaction.atomic
def register(*, meeting, actor, organization="", access_needs="", now=None):
    """Register `actor` for `meeting`, or put them on its waiting list once it is full, and
    email them which of the two it is. `organization` and `access_needs` are what they chose
    to tell the organizers.

    Registering twice is harmless: the existing registration is returned, and no mail sent.
    """
    if not actor.is_authenticated or not actor.is_active:
        raise RegistrationError(_("Sign in to register."), code="not_signed_in")
    meeting = _locked_meeting(meeting)
    if not meeting.accepts_registrations(now):
        raise RegistrationError(
            _("Registration for this meeting is closed."), code="registration_closed"
        )
    existing = meeting.registrations.filter(user=actor, status__in=Registration.ACTIVE).first()
    if existing is not None:
        return existing
    details = {"organization": organization, "access_needs": access_needs}
    if meeting.capacity is None or _seats_taken(meeting) < meeting.capacity:
        registration = Registration.objects.create(
            meeting=meeting, user=actor, status=Registration.Status.REGISTERED, **details
        )
    else:
        last = meeting.registrations.aggregate(last=Max("position"))["last"] or 0
        registration = Registration.objects.create(
            meeting=meeting,
            user=actor,
            status=Registration.Status.WAITING,
            position=last + 1,
            **details,
        )
    template = "registered" if registration.status == Registration.Status.REGISTERED else "waiting"
    transaction.on_commit(lambda: _send(registration, template))
    return registration


@transaction.atomic
def cancel(*, meeting, actor, now=None):
    """Cancel `actor`'s registration; a freed seat goes to the first on the waiting list.

    Returns the cancelled registration, or None when there was nothing to cancel.
    """
    meeting = _locked_meeting(meeting)
    if meeting.start <= (now or timezone.now()):
        raise RegistrationError(
            _("This meeting has started: registrations can no longer be changed."),
            code="meeting_started",
        )
    registration = meeting.registrations.filter(user=actor, status__in=Registration.ACTIVE).first()
    if registration is None:
        return None
    was_waiting = registration.status == Registration.Status.WAITING
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    transaction.on_commit(
        lambda: _send(registration, "cancelled", extra={"was_waiting": was_waiting})
    )
    fill_free_seats(meeting=meeting)
    return registration


def fill_free_seats(*, meeting):
    """Move people up from the waiting list into free seats, emailing each one.

    Call with the meeting's row locked (inside `register`/`cancel`'s transaction, or after
    staff raised the capacity).
    """
    waiting = meeting.registrations.filter(status=Registration.Status.WAITING).order_by(
        "position", "id"
    )
    if meeting.capacity is None:
        free = waiting.count()
    else:
        free = max(meeting.capacity - _seats_taken(meeting), 0)
    promoted = list(waiting.select_related("user")[:free])
    for registration in promoted:
        registration.status = Registration.Status.REGISTERED
        registration.save(update_fields=["status", "updated_at"])
        transaction.on_commit(lambda r=registration: _send(r, "seat_freed"))
    return promoted


def _send(registration, template, extra=None):
    """The mail to the person a registration belongs to: `meetings/email/<template>`."""
    meeting = registration.meeting
    user = registration.user
    context = {
        "meeting": meeting,
        "registration": registration,
        "can_register_again": meeting.accepts_registrations(),
        **(extra or {}),
    }
    if template == "cancelled":
        label, path = _("The meeting's page"), meeting.get_absolute_url()
    else:
        label = _("See it under My meetings, where you can also cancel")
        path = reverse("workspace:home") + "#my-meetings"
    action = emails.Action(label, emails.site_link(path))
    rendered = emails.render(
        f"meetings/email/{template}",
        context,
        action=action,
        name=user.get_full_name(),
        language=user.language,
    )
    emails.send_each(rendered, [user.email])
