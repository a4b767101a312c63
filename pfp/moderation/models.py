"""The review workflow shared by practices and calls for action: its data.

- `ReviewState`: the states every reviewable item goes through.
- `Reviewable`: the abstract model that `Practice` and `CallForAction` inherit. It holds the
  lifecycle (state, version, author, timestamps), the `published()` queryset and the
  publication hook that `workflow.perform()` calls. A subclass adds a `government` foreign key
  (the owning government, whose focal points edit and submit the item).
- `LogAction`: every action the moderation log records, as an enum.
- `ModerationLogEntry`: one row per action, which the owner sees.

Which transitions are allowed lives in `workflow.py`; editing (unique slugs, version-checked
saves) in `editing.py`.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned for changes")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    # A proposed update of a published item, once published onto that item.
    MERGED = "merged", _("Merged into the published version")


# The states in which the owning government edits an item: a submitted item is locked while
# a moderator reads it, and a published one is the public record.
EDITABLE_STATES = frozenset({ReviewState.DRAFT, ReviewState.RETURNED, ReviewState.UNPUBLISHED})
# The states of an item still on its way to a decision: a proposed update in one of them is
# "in flight".
IN_FLIGHT_STATES = frozenset({ReviewState.DRAFT, ReviewState.SUBMITTED, ReviewState.RETURNED})


class LogAction(models.TextChoices):
    """What a moderation log entry records. The labels are what the owner reads in the log."""

    SUBMIT = "submit", _("Submit for review")
    WITHDRAW = "withdraw", _("Withdraw")
    PUBLISH = "publish", _("Publish")
    RETURN = "return", _("Return for changes")
    REJECT = "reject", _("Reject")
    UNPUBLISH = "unpublish", _("Unpublish")
    FULFIL = "fulfil", _("Marked fulfilled")
    PROPOSE_UPDATE = "propose_update", _("Update proposed")
    PUBLISH_UPDATE = "publish_update", _("Update published")
    REVIEW_REMINDER = "review_reminder", _("Review reminder sent")


class ReviewableQuerySet(models.QuerySet):
    def published(self):
        """What the public sees."""
        return self.filter(review_state=ReviewState.PUBLISHED)


class Reviewable(models.Model):
    """An item that goes through the review workflow (see `workflow.py`).

    The review state and version are never form fields: the state moves through
    `workflow.perform()` only, and the version through the editing helpers and the admin's
    stale-version check, so that two editors never silently overwrite each other.
    """

    review_state = models.CharField(
        _("review state"),
        max_length=20,
        choices=ReviewState,
        default=ReviewState.DRAFT,
        editable=False,
        db_index=True,
    )
    # Incremented on every save through a write path; an edit made from an older version is
    # refused, so that two editors never silently overwrite each other.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_%(app_label)s_%(class)s",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)

    objects = ReviewableQuerySet.as_manager()
    # The actions of the workflow's table this kind of item takes: the core path, plus the
    # extensions a subclass opts into (see `workflow.EXTENSIONS`).
    review_actions = frozenset({"submit", "withdraw", "publish", "return", "reject", "unpublish"})

    class Meta:
        abstract = True

    def on_review_transition(self, *, action, actor, now):
        """The publication hook, called by `workflow.perform()` on the locked row before it is
        saved. Returns the names of the fields it changed. Publishing dates an item once: a
        republished item keeps its first publication date."""
        if action.target != ReviewState.PUBLISHED or self.published_at is not None:
            return []
        self.published_at = now
        return ["published_at"]

    def review_action_available(self, action):
        """Whether an action of the table applies to this item beyond its state and the
        actor's role, e.g. fulfilling a call already fulfilled. Subclasses narrow it."""
        return action.name in self.review_actions

    @property
    def is_published(self):
        return self.review_state == ReviewState.PUBLISHED

    @property
    def is_editable(self):
        """Whether the owning government may change the text now."""
        return self.review_state in EDITABLE_STATES

    @property
    def is_draft(self):
        return self.review_state == ReviewState.DRAFT

    @property
    def is_awaiting_review(self):
        return self.review_state == ReviewState.SUBMITTED

    @property
    def is_merged(self):
        return self.review_state == ReviewState.MERGED


class ModerationLogEntry(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_actions",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=30, choices=LogAction)
    from_state = models.CharField(_("from"), max_length=20, choices=ReviewState, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=ReviewState)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")

    def __str__(self):
        return f"{self.item}: {self.from_state or '—'} → {self.to_state}"
