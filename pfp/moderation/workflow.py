"""The review workflow, one mechanism for practices and calls for action alike.

    draft ──submit──▶ submitted ──publish──▶ published ──unpublish──▶ unpublished
      ▲                  │  │
      └─return (comment)─┘  └─reject (reason)─▶ rejected        (any owner item: withdraw)

The allowed actions are one table, `ACTIONS`: the core path above, and its documented
extension, actions that leave the review state where it is but are checked, taken and logged
the same way:

- `fulfil` (calls): the government says a published call found what it sought;
- `propose_update` (practices): the government opens an editable copy of a published
  practice (the copy is created by `practices.services`, in the same transaction);
- the merge: publishing a proposed update copy is its `publish` transition, whose target is
  `merged`; the practice's effect (registered with `on_action`) copies it onto the published
  practice and logs `publish_update` there.

A model takes the actions named in its `review_actions` (see `models.Reviewable`).
`perform()` is the only way an action is taken: it checks who may act, locks the row, checks
the state the row is in *now* and whether the action applies to it, moves it, runs the
model's publication hook and the registered effects, writes a moderation log entry and sends
the emails once the transaction commits. `get_actions()` lists what `perform()` would accept,
so that pages render only the buttons the server allows.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pfp.accounts.roles import government_of, is_moderator

from .models import LogAction, ModerationLogEntry, ReviewState

OWNER, MODERATOR = "owner", "moderator"


@dataclass(frozen=True)
class Action:
    name: str
    # What the button says.
    label: str
    sources: frozenset
    # The state the item moves to; None leaves it where it is (the extension's actions).
    target: str | None
    by: str
    needs_comment: bool = False
    # Shown to the actor after the action, e.g. "Submitted for review."
    done: str = ""
    # Shown in red: the decision takes something away.
    is_danger: bool = False


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
            is_danger=True,
        ),
        Action(
            "unpublish",
            _("Unpublish"),
            frozenset({ReviewState.PUBLISHED}),
            ReviewState.UNPUBLISHED,
            MODERATOR,
            done=_("Unpublished."),
            is_danger=True,
        ),
        # The extension: the review state stays where it is.
        Action(
            "fulfil",
            _("Mark as fulfilled"),
            frozenset({ReviewState.PUBLISHED}),
            None,
            OWNER,
            done=_("Marked fulfilled."),
        ),
        Action(
            "propose_update",
            _("Propose an update"),
            frozenset({ReviewState.PUBLISHED}),
            None,
            OWNER,
            done=_("Update proposed."),
        ),
    ]
}


def action_label(name):
    """What a person reads for an action name found in the moderation log."""
    try:
        return LogAction(name).label
    except ValueError:
        return name


class WorkflowError(Exception):
    """A transition that cannot happen: the message says why, the code names the case."""

    def __init__(self, message, *, code):
        super().__init__(message)
        self.message = message
        self.code = code


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
        if action.name in item.review_actions
        and item.review_state in action.sources
        and item.review_action_available(action)
        and may_act(user, action, item)
    ]


def available_action_names(item, user):
    """The names of `get_actions()`, for templates: `{% if "submit" in actions %}`."""
    return {action.name for action in get_actions(item, user)}


# Effects: what an action means for one kind of item beyond its own row, e.g. merging a
# proposed update onto its practice. {(model label, action name): [effect, ...]}
_EFFECTS = defaultdict(list)


def on_action(model, action_name):
    """Register `effect(*, item, actor, now) -> list of fields of item it changed` to run
    inside `perform()`, on the locked row, before it is saved. An effect may raise
    WorkflowError to refuse the action: nothing is then changed."""

    def register(effect):
        _EFFECTS[(model._meta.label, action_name)].append(effect)
        return effect

    return register


def perform(*, item, action_name, actor, comment=""):
    """Take an action; returns the item as saved. Raises PermissionDenied or WorkflowError."""
    action = ACTIONS.get(action_name)
    if action is None or action.name not in item.review_actions:
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
        if not locked.review_action_available(action):
            raise WorkflowError(
                _("“%(action)s” is not possible for this item.") % {"action": action.label},
                code="not_available",
            )
        from_state = locked.review_state
        now = timezone.now()
        fields = []
        if action.target is not None:
            locked.review_state = action.target
            fields.append("review_state")
        fields += locked.on_review_transition(action=action, actor=actor, now=now)
        for effect in _EFFECTS[(model._meta.label, action.name)]:
            fields += effect(item=locked, actor=actor, now=now) or []
        # An extension action that changed nothing on the row itself (proposing an update
        # makes a copy) leaves the row, and its version, as they are.
        if fields:
            locked.version += 1
            if actor is not None and actor.is_authenticated:
                locked._history_user = actor
            locked.save(update_fields=list(dict.fromkeys([*fields, "version", "updated_at"])))
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
    """Write a moderation log entry; `action` is a `LogAction`."""
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
