"""The periodic jobs, scheduled in the job queue's own scheduler (django-q2).

`PFP_PERIODIC_JOBS` in the settings lists them: a management command with its arguments,
how often it runs and the hour (UTC) of its first run. `ensure_schedules()` writes that list
into django-q2's schedule table after every `migrate`, so a deploy is all it takes to change
it: new jobs are added, changed ones updated, and jobs no longer listed removed. The worker
(`manage.py qcluster`) runs them; nothing else (no cron) is needed.

Commands are named, not imported, so this module knows no app: each app owns its command.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

FUNC = "django.core.management.call_command"
PREFIX = "pfp: "


def first_run(hour, now=None):
    """The next time the clock shows `hour`:00 UTC."""
    now = now or timezone.now()
    at = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    return at if at > now else at + timedelta(days=1)


def ensure_schedules(**_signal_kwargs):
    from django_q.models import Schedule

    frequencies = {
        "hourly": Schedule.HOURLY,
        "daily": Schedule.DAILY,
        "weekly": Schedule.WEEKLY,
        "monthly": Schedule.MONTHLY,
    }
    names = []
    for command, frequency, hour in settings.PFP_PERIODIC_JOBS:
        name = PREFIX + command
        names.append(name)
        args = tuple(command.split())
        schedule, created = Schedule.objects.get_or_create(
            name=name,
            defaults={
                "func": FUNC,
                "args": repr(args),
                "schedule_type": frequencies[frequency],
                "repeats": -1,
                "next_run": first_run(hour),
            },
        )
        if not created and (
            schedule.args != repr(args) or schedule.schedule_type != frequencies[frequency]
        ):
            schedule.func = FUNC
            schedule.args = repr(args)
            schedule.schedule_type = frequencies[frequency]
            schedule.repeats = -1
            schedule.save()
    Schedule.objects.filter(name__startswith=PREFIX).exclude(name__in=names).delete()
