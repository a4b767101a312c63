"""PfP meetings: the face-to-face meetings of the Platform for Partnerships at GFMD summits."""

import zoneinfo
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pfp.core.models import CheckedUpload
from pfp.core.uploads import UnguessableUploadPath

meeting_document_path = UnguessableUploadPath("meetings/documents")


@cache
def _time_zone_names():
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value):
    if value not in _time_zone_names():
        raise ValidationError(
            _("“%(value)s” is not a time zone name such as Europe/Zurich or America/Bogota."),
            code="unknown_time_zone",
            params={"value": value},
        )


class MeetingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def upcoming(self, now=None):
        """Meetings that have not ended yet, the one in progress included."""
        return self.filter(end__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now())


class Meeting(models.Model):
    class Format(models.TextChoices):
        IN_PERSON = "in-person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    summit = models.ForeignKey(
        "taxonomy.Summit",
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("GFMD summit"),
    )
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_(
            "Where the meeting takes place, e.g. Europe/Zurich: its times are shown in it."
        ),
    )
    format = models.CharField(_("format"), max_length=20, choices=Format, default=Format.IN_PERSON)
    place = models.CharField(
        _("place"), max_length=255, blank=True, help_text=_("Venue, city and country.")
    )
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    registration_open = models.BooleanField(_("registration open"), default=False)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Seats; leave empty for no limit.")
    )
    published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["published", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="meeting_end_not_before_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.slug])

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = ValidationError(
                _("The meeting cannot end before it starts."), code="end_before_start"
            )
        if self.format in (self.Format.IN_PERSON, self.Format.HYBRID) and not self.place:
            errors["place"] = ValidationError(
                _("Say where the meeting takes place."), code="place_required"
            )
        if self.format in (self.Format.ONLINE, self.Format.HYBRID) and not self.online_url:
            errors["online_url"] = ValidationError(
                _("Give the link to join the meeting online."), code="online_url_required"
            )
        if errors:
            raise ValidationError(errors)

    @property
    def zone(self):
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    @property
    def local_start(self):
        return timezone.localtime(self.start, self.zone)

    @property
    def local_end(self):
        return timezone.localtime(self.end, self.zone)

    def is_upcoming(self, now=None):
        return self.end >= (now or timezone.now())

    def accepts_registrations(self, now=None):
        """Registration is taken until the meeting starts, while staff keep it open."""
        return self.published and self.registration_open and self.start > (now or timezone.now())


def _presented(model, verbose_name):
    """An agenda item's link to the published items of `model` presented in it."""
    return models.ManyToManyField(
        model,
        blank=True,
        related_name="agenda_items",
        verbose_name=verbose_name,
        limit_choices_to={"review_state": "published"},
    )


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    start_time = models.TimeField(
        _("start time"), null=True, blank=True, help_text=_("In the meeting's time zone.")
    )
    title = models.CharField(_("title"), max_length=255)
    speakers = models.TextField(
        _("speakers"),
        blank=True,
        help_text=_("One per line, with the organization: “Jane Doe, Government of Ghana”."),
    )
    practices = _presented("practices.Practice", _("practices presented"))
    calls = _presented("calls_for_action.CallForAction", _("calls for action presented"))

    class Meta:
        ordering = ["position", "start_time", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")

    def __str__(self):
        return self.title

    @property
    def speaker_lines(self):
        return [line.strip() for line in self.speakers.splitlines() if line.strip()]


class MeetingDocument(CheckedUpload):
    class Kind(models.TextChoices):
        REPORT = "report", _("Report")
        PRESENTATION = "presentation", _("Presentation")
        OTHER = "other", _("Other")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.REPORT)
    file = models.FileField(_("file"), upload_to=meeting_document_path)

    class Meta(CheckedUpload.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    ACTIVE = (Status.REGISTERED, Status.WAITING)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_registrations",
        verbose_name=_("participant"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status)
    # Order on the waiting list: numbers only grow within a meeting, so the first waiting is
    # the one with the lowest number; a person's place is counted, never stored.
    position = models.PositiveIntegerField(_("waiting list number"), null=True, blank=True)
    # What the person chose to tell the organizers; staff see it, the public never does.
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    access_needs = models.TextField(_("access needs"), blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=models.Q(status__in=["registered", "waiting"]),
                name="one_active_registration_per_person",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.meeting} ({self.get_status_display()})"
