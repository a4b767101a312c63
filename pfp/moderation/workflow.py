"""The review workflow, one mechanism for practices and calls for action alike.

    draft ──submit──▶ submitted ──publish──▶ published ──unpublish──▶ unpublished
      ▲                  │  │
      └─return (comment)─┘  └─reject (reason)─▶ rejected

The allowed transitions are the table `ACTIONS`. `perform()` is the only way a review state
changes: it checks who may act, locks the row, checks the state the row is in *now*, moves
it, writes a moderation log entry and sends the emails once the transaction commits.

A reviewable model has `review_state`, `version` and `government` fields, and may define
`on_review_transition(action, actor, now) -> list of extra fields it changed` for what its
own publication means (a practice sets its publication date, or merges a proposed update).
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pfp.accounts.roles import government_of, is_moderator

from .models import ModerationLogEntry, ReviewState

OWNER, MODERATOR = "owner", "moderator"


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset
    target: str
    by: str
    needs_comment: bool = False
    # Shown to the actor after the action, e.g. "Submitted for review."
    done: str = ""


ACTIONS = {
    action.name: action
    for action in [
        Action(
            "submit",
            _("Submit for review"),
            frozenset({ReviewState.DRAFT, ReviewState.RETURNED, ReviewState.UNPUBLISHED}),
            ReviewState.SUBMITTED,
            OWNER,
            done=_("Submitted for review."),
        ),
        Action(
            "withdraw",
            _("Withdraw"),
            frozenset({ReviewState.DRAFT, ReviewState.SUBMITTED, ReviewState.RETURNED}),
            ReviewState.WITHDRAWN,
            OWNER,
            done=_("Withdrawn. The record is kept."),
        ),
        Action(
            "publish",
            _("Publish"),
            frozenset({ReviewState.SUBMITTED}),
            ReviewState.PUBLISHED,
            MODERATOR,
            done=_("Published."),
        ),
        Action(
            "return",
            _("Return for changes"),
            frozenset({ReviewState.SUBMITTED}),
            ReviewState.RETURNED,
            MODERATOR,
            needs_comment=True,
            done=_("Returned for changes."),
        ),
        Action(
            "reject",
            _("Reject"),
            frozenset({ReviewState.SUBMITTED}),
            ReviewState.REJECTED,
            MODERATOR,
            needs_comment=True,
            done=_("Rejected."),
        ),
        Action(
            "unpublish",
            _("Unpublish"),
            frozenset({ReviewState.PUBLISHED}),
            ReviewState.UNPUBLISHED,
            MODERATOR,
            done=_("Unpublished."),
        ),
    ]
}


# Log entries that are not transitions: written by write paths and commands through `log()`.
OTHER_LOG_ACTIONS = {
    "propose_update": _("Update proposed"),
    "publish_update": _("Update published"),
    "review_reminder": _("Review reminder sent"),
    "fulfil": _("Marked fulfilled"),
}


def action_label(name):
    """What a person reads for an action name found in the moderation log."""
    action = ACTIONS.get(name)
    if action is not None:
        return action.label
    return OTHER_LOG_ACTIONS.get(name, name)


class WorkflowError(Exception):
    """A transition that cannot happen: the message says why, the code names the case."""

    def __init__(self, message, *, code):
        super().__init__(message)
        self.message = message
        self.code = code


# The states in which the owning government edits an item: a submitted item is locked while
# a moderator reads it, and a published one is the public record.
EDITABLE_STATES = frozenset({ReviewState.DRAFT, ReviewState.RETURNED, ReviewState.UNPUBLISHED})


class EditConflict(WorkflowError):
    """Someone else saved the item after this editor loaded it: this save would lose theirs.
    `current` is the item as it is now saved."""

    def __init__(self, message, *, current):
        super().__init__(message, code="edit_conflict")
        self.current = current


def may_act(user, action, item):
    """Whether the user is the kind of person who may take this action on this item."""
    if action.by == MODERATOR:
        return is_moderator(user)
    government = government_of(user)
    return government is not None and government.pk == item.government_id


def get_actions(item, user):
    """The actions the user may take on the item as it stands: the buttons to show."""
    return [
        action
        for action in ACTIONS.values()
        if item.review_state in action.sources and may_act(user, action, item)
    ]


def perform(*, item, action_name, actor, comment=""):
    """Take an action; returns the item as saved. Raises PermissionDenied or WorkflowError."""
    action = ACTIONS.get(action_name)
    if action is None:
        raise WorkflowError(_("Unknown action."), code="unknown_action")
    # Who may act is checked first (and again on the locked row below): someone who may not
    # act learns nothing from a comment check.
    if not may_act(actor, action, item):
        raise PermissionDenied
    comment = (comment or "").strip()
    if action.needs_comment and not comment:
        raise WorkflowError(
            _("Say why in a comment: the submitter reads it."), code="comment_required"
        )
    model = type(item)
    with transaction.atomic():
        # Two moderators deciding on the same item at once: the second waits for the first
        # here, then finds the state already changed and is refused below.
        locked = model.objects.select_for_update().get(pk=item.pk)
        if not may_act(actor, action, locked):
            raise PermissionDenied
        if locked.review_state not in action.sources:
            raise WorkflowError(
                _("“%(action)s” is not possible: this item is %(state)s now.")
                % {
                    "action": action.label,
                    "state": locked.get_review_state_display().lower(),
                },
                code="wrong_state",
            )
        from_state = locked.review_state
        now = timezone.now()
        locked.review_state = action.target
        locked.version += 1
        fields = ["review_state", "version", "updated_at"]
        hook = getattr(locked, "on_review_transition", None)
        if hook is not None:
            fields += hook(action=action, actor=actor, now=now)
        locked.save(update_fields=list(dict.fromkeys(fields)))
        entry = log(
            item=locked,
            actor=actor,
            action=action.name,
            from_state=from_state,
            to_state=locked.review_state,
            comment=comment,
        )
        transaction.on_commit(lambda: _notify(entry))
    return locked


def log(*, item, actor, action, from_state, to_state, comment=""):
    return ModerationLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
    )


def history_of(item):
    """The moderation log of an item, newest first, as its owner sees it."""
    return ModerationLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    ).select_related("actor")


def _notify(entry):
    from . import notifications

    notifications.transition_made(entry)
