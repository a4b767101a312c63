"""A meeting as an iCalendar file (RFC 5545), for adding it to a calendar."""

import icalendar
from django.utils import timezone

from pfp.core.text import markdown_to_text


def meeting_ics(meeting, *, url, host):
    """The bytes of a one-event calendar; times carry the meeting's own time zone."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//GFMD//Platform for Partnerships//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = icalendar.Event()
    # Stable across downloads, so that a calendar updates the event instead of adding another.
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.local_start)
    event.add("dtend", meeting.local_end)
    event.add("summary", meeting.title)
    event.add("url", url)
    location = meeting.place or meeting.online_url
    if location:
        event.add("location", location)
    description = "\n\n".join(part for part in (markdown_to_text(meeting.description), url) if part)
    event.add("description", description)
    event.add("last-modified", meeting.updated_at)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
