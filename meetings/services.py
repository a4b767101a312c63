"""Write paths for meetings: registering for a meeting and cancelling a registration.

Both lock the meeting's row for the length of their transaction. The race they close: two
people taking the last seat at once would otherwise both count one seat free and both be
registered; with the lock, the second counts after the first has committed.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from pfp.moderation.notifications import site_url

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
def register(*, meeting, actor, now=None):
    """Register `actor` for `meeting`, or put them on its waiting list once it is full.

    Registering twice is harmless: the existing registration is returned.
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
    if meeting.capacity is None or _seats_taken(meeting) < meeting.capacity:
        return Registration.objects.create(
            meeting=meeting, user=actor, status=Registration.Status.REGISTERED
        )
    last = meeting.registrations.aggregate(last=Max("position"))["last"] or 0
    return Registration.objects.create(
        meeting=meeting, user=actor, status=Registration.Status.WAITING, position=last + 1
    )


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
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
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
        transaction.on_commit(lambda r=registration: _send_seat_freed(r))
    return promoted


def _send_seat_freed(registration):
    meeting = registration.meeting
    context = {
        "meeting": meeting,
        "user": registration.user,
        "meeting_url": site_url(meeting.get_absolute_url()),
    }
    # Recipients have no language of their own yet: the site's language, as for moderation.
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(_("A seat is yours: %(title)s") % {"title": meeting.title})
        body = render_to_string("meetings/email/seat_freed.txt", context)
    send_mail(subject, body, None, [registration.user.email])
