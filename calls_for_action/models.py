"""Calls for action posted by governments, and the offers partners make in answer.

A call is a `Reviewable` (pfp.moderation): it goes through the shared review workflow, and
takes the workflow's `fulfil` action once published. Whether it is open is
computed from its deadline every time it is read, so that a call closes by itself on the
day after its deadline without a scheduled job.
"""

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pfp.moderation.models import Reviewable, ReviewableQuerySet


def _open_today():
    return Q(status="open", deadline__gte=timezone.localdate())


class CallQuerySet(ReviewableQuerySet):
    def open(self):
        """Calls taking offers today: open, and the deadline not passed."""
        return self.filter(_open_today())

    def with_is_open(self):
        return self.annotate(
            is_open_now=Case(
                When(_open_today(), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )


class CallForAction(Reviewable):
    class Kind(models.TextChoices):
        SEEKING_PARTNERS = "seeking-partners", _("Seeking partners")
        SEEKING_FUNDING = "seeking-funding", _("Seeking funding or in-kind support")
        OFFERING_EXPERTISE = "offering-expertise", _("Offering expertise")
        OFFERING_REPLICATION = "offering-replication", _("Offering to replicate a practice")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        FULFILLED = "fulfilled", _("Fulfilled")

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    kind = models.CharField(
        _("kind of call"), max_length=30, choices=Kind, default=Kind.SEEKING_PARTNERS
    )
    description = models.TextField(_("description"), help_text=_("Markdown is allowed."))
    sought = models.TextField(
        _("what is sought"), help_text=_("What partners could bring. Markdown is allowed.")
    )
    # Empty only on a draft: a call is submitted with a deadline (selectors.call_missing).
    deadline = models.DateField(
        _("deadline"), null=True, blank=True, help_text=_("The last day on which offers are taken.")
    )
    # Stored: open, or fulfilled once its government says so. "Closed" is stored only when
    # set by hand; a call past its deadline is closed without being saved (see `current_status`).
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.OPEN, editable=False
    )

    government = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="calls_for_action",
        verbose_name=_("government"),
        limit_choices_to={"is_national_government": True, "country__isnull": False},
    )
    partner_types = models.ManyToManyField(
        "taxonomy.PartnerType",
        blank=True,
        related_name="calls_for_action",
        verbose_name=_("partner types sought"),
    )
    thematic_areas = models.ManyToManyField(
        "taxonomy.ThematicArea",
        blank=True,
        related_name="calls_for_action",
        verbose_name=_("M&D thematic areas"),
    )
    sdg_targets = models.ManyToManyField(
        "taxonomy.SDGTarget",
        blank=True,
        related_name="calls_for_action",
        verbose_name=_("SDG targets"),
    )
    gcm_objectives = models.ManyToManyField(
        "taxonomy.GCMObjective",
        blank=True,
        related_name="calls_for_action",
        verbose_name=_("GCM objectives"),
    )
    related_practices = models.ManyToManyField(
        "practices.Practice",
        blank=True,
        related_name="calls_for_action",
        verbose_name=_("related practices"),
    )
    countries = models.ManyToManyField(
        "taxonomy.Country",
        blank=True,
        related_name="calls_for_action",
        verbose_name=_("countries concerned"),
    )

    fulfilled_at = models.DateTimeField(_("fulfilled"), null=True, blank=True, editable=False)

    objects = CallQuerySet.as_manager()
    review_actions = Reviewable.review_actions | {"fulfil"}
    history = HistoricalRecords(
        m2m_fields=[
            partner_types,
            thematic_areas,
            sdg_targets,
            gcm_objectives,
            related_practices,
            countries,
        ]
    )

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("call for action")
        verbose_name_plural = _("calls for action")
        indexes = [models.Index(fields=["review_state", "deadline"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("calls:detail", args=[self.slug])

    def on_review_transition(self, *, action, actor, now):
        """Publishing dates the call (the shared hook); fulfilling it stops its offers."""
        if action.name == "fulfil":
            self.status = self.Status.FULFILLED
            self.fulfilled_at = now
            return ["status", "fulfilled_at"]
        return super().on_review_transition(action=action, actor=actor, now=now)

    def review_action_available(self, action):
        if action.name == "fulfil" and self.status == self.Status.FULFILLED:
            return False
        return super().review_action_available(action)

    @property
    def deadline_passed(self):
        return self.deadline is not None and self.deadline < timezone.localdate()

    @property
    def current_status(self):
        """Open, closed or fulfilled as of today: past its deadline an open call is closed."""
        if self.status == self.Status.OPEN and self.deadline_passed:
            return self.Status.CLOSED
        return self.Status(self.status)

    @property
    def is_open(self):
        return self.current_status == self.Status.OPEN

    def get_current_status_display(self):
        return self.current_status.label


class OfferQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Offer.Status.WITHDRAWN)


class Offer(models.Model):
    """An organization's answer to a call. Seen only by its organization, the call's
    government and moderators."""

    class Kind(models.TextChoices):
        JOIN = "join", _("Join as a partner")
        FUND = "fund", _("Fund or give in-kind support")
        EXPERTISE = "expertise", _("Share expertise")
        HOST = "host", _("Host an activity")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    call = models.ForeignKey(
        CallForAction, on_delete=models.PROTECT, related_name="offers", verbose_name=_("call")
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("organization"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="offers_made",
        verbose_name=_("made by"),
    )
    kind = models.CharField(_("kind of offer"), max_length=20, choices=Kind)
    message = models.TextField(_("message"))
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.NEW, editable=False
    )
    answer = models.TextField(_("answer"), blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offers_answered",
        editable=False,
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Set once the offer went out in a daily digest (focal points who chose the digest).
    digested_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Moved on by every change of the offer: a change made from an older version is refused,
    # so that two colleagues editing one offer never silently overwrite each other.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            # One live offer per organization per call; a withdrawn one may be made again.
            models.UniqueConstraint(
                fields=["call", "organization"],
                condition=~Q(status="withdrawn"),
                name="one_offer_per_organization_per_call",
            )
        ]

    def __str__(self):
        return _("%(organization)s on “%(call)s”") % {
            "organization": self.organization,
            "call": self.call,
        }

    @property
    def is_answered(self):
        return self.status in (self.Status.ACCEPTED, self.Status.DECLINED)


class OfferEmailPreference(models.Model):
    """How a focal point hears of new offers to its government's calls."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="offer_email_preference"
    )
    daily_digest = models.BooleanField(
        _("one daily digest instead of an email per offer"), default=False
    )

    class Meta:
        verbose_name = _("offer email preference")
        verbose_name_plural = _("offer email preferences")

    def __str__(self):
        return str(self.user)
