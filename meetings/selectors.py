"""Read paths for meetings: the list page, a person's registration, and what other pages show."""

from dataclasses import dataclass
from itertools import groupby

from django.db.models import Prefetch
from django.utils import timezone

from calls_for_action.models import CallForAction
from pfp.core.text import render_markdown
from practices.models import Practice

from .models import Meeting, Registration


def next_meeting(*, now=None):
    """The next published meeting that has not ended yet, or None (for the home page)."""
    return (
        Meeting.objects.published()
        .upcoming(now)
        .select_related("summit__chair_country")
        .order_by("start", "id")
        .first()
    )


def _meetings_presenting(**agenda_item):
    """Published meetings with an agenda item matching `agenda_item`, newest first."""
    filters = {f"agenda_items__{name}": value for name, value in agenda_item.items()}
    return (
        Meeting.objects.published()
        .filter(**filters)
        .select_related("summit__chair_country")
        .distinct()
        .order_by("-start", "-id")
    )


def meetings_for_practice(practice):
    """Published meetings whose agenda presented `practice`, newest first."""
    return _meetings_presenting(practices=practice)


def meetings_for_call(call):
    """Published meetings whose agenda presented the call for action `call`, newest first."""
    return _meetings_presenting(calls=call)


def meeting_list(*, now=None):
    """Upcoming meetings (soonest first), then past ones grouped by summit (newest first)."""
    now = now or timezone.now()
    meetings = Meeting.objects.published().select_related("summit__chair_country")
    upcoming = list(meetings.upcoming(now).order_by("start", "id"))
    past = meetings.past(now).order_by("-summit__year", "-start", "-id")
    past_by_summit = [
        (summit, list(group)) for summit, group in groupby(past, key=lambda m: m.summit)
    ]
    return {"upcoming": upcoming, "past_by_summit": past_by_summit}


def meeting_page(*, meeting, now=None):
    """What the meeting page shows: description, agenda, practices presented, documents."""
    now = now or timezone.now()
    agenda = list(
        meeting.agenda_items.prefetch_related(
            Prefetch("practices", queryset=Practice.objects.published().order_by("title")),
            Prefetch("calls", queryset=CallForAction.objects.published().order_by("title")),
        )
    )
    linked, linked_calls = {}, {}
    for item in agenda:
        for practice in item.practices.all():
            linked.setdefault(practice.pk, practice)
        for call in item.calls.all():
            linked_calls.setdefault(call.pk, call)
    return {
        "description_html": render_markdown(meeting.description),
        "agenda": agenda,
        "linked_practices": sorted(linked.values(), key=lambda practice: practice.title),
        "linked_calls": sorted(linked_calls.values(), key=lambda call: call.title),
        "documents": list(meeting.documents.all()),
        "is_upcoming": meeting.is_upcoming(now),
        "accepts_registrations": meeting.accepts_registrations(now),
        "can_cancel": meeting.start > now,
    }


@dataclass(frozen=True)
class RegistrationStatus:
    status: str  # "registered", "waiting" or "" for not registered
    waiting_place: int | None
    seats_left: int | None  # None: no limit


def registration_status(*, meeting, user):
    """The user's own registration and the seats left, for the meeting page."""
    registered = meeting.registrations.filter(status=Registration.Status.REGISTERED).count()
    seats_left = None if meeting.capacity is None else max(meeting.capacity - registered, 0)
    own = None
    if user.is_authenticated:
        own = meeting.registrations.filter(user=user, status__in=Registration.ACTIVE).first()
    if own is None:
        return RegistrationStatus("", None, seats_left)
    waiting_place = None
    if own.status == Registration.Status.WAITING:
        waiting_place = meeting.registrations.filter(
            status=Registration.Status.WAITING, position__lte=own.position
        ).count()
    return RegistrationStatus(own.status, waiting_place, seats_left)


def waiting_count(*, meeting):
    return meeting.registrations.filter(status=Registration.Status.WAITING).count()


def registration_initial(user):
    """The registration form's starting values: the organization the person acts for."""
    membership = getattr(user, "membership", None)
    return {"organization": membership.organization.name if membership else ""}


def my_meetings(*, user, now=None):
    """The person's registrations and waiting-list places for meetings that have not ended,
    soonest first, then the past ones they were registered for, latest first."""
    now = now or timezone.now()
    registrations = (
        Registration.objects.filter(user=user, status__in=Registration.ACTIVE)
        .select_related("meeting")
        .filter(meeting__published=True)
    )
    upcoming = list(registrations.filter(meeting__end__gte=now).order_by("meeting__start", "id"))
    past = list(
        registrations.filter(meeting__end__lt=now, status=Registration.Status.REGISTERED).order_by(
            "-meeting__start", "-id"
        )
    )
    for registration in upcoming:
        registration.can_cancel = registration.meeting.start > now
        registration.waiting_place = None
        if registration.status == Registration.Status.WAITING:
            registration.waiting_place = registration.meeting.registrations.filter(
                status=Registration.Status.WAITING, position__lte=registration.position
            ).count()
    return {"upcoming": upcoming, "past": past}
