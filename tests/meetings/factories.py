"""Meetings for the tests, made as staff make them in the admin."""

import itertools
from datetime import timedelta

from django.utils import timezone

from meetings.models import AgendaItem, Meeting
from pfp.taxonomy.models import Summit

_numbers = itertools.count(1)


def make_meeting(*, summit=None, starts_in=timedelta(days=30), hours=3, practices=(), **fields):
    number = next(_numbers)
    start = (timezone.now() + starts_in).replace(second=0, microsecond=0)
    fields.setdefault("title", f"PfP meeting {number}")
    fields.setdefault("slug", f"pfp-meeting-{number}")
    fields.setdefault("place", "Palais des Nations, Geneva")
    fields.setdefault("time_zone", "Europe/Zurich")
    fields.setdefault("published", True)
    fields.setdefault("registration_open", True)
    meeting = Meeting.objects.create(
        summit=summit or Summit.objects.order_by("-year").first(),
        start=start,
        end=start + timedelta(hours=hours),
        **fields,
    )
    if practices:
        item = AgendaItem.objects.create(meeting=meeting, position=1, title="Practices")
        item.practices.set(practices)
    return meeting
