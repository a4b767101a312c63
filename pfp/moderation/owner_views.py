"""The owner's side of the review workflow, for the workspace views of every reviewable model.

A focal point's pages on a practice or a call share the same steps, and take them from here:

- `get_for_owner()` is where every view on an item starts: it finds only items of the user's
  own government, so another government's draft is as absent as one that does not exist
  (404, ids cannot be probed); users who are not focal points get 403.
- `owner_context()` is what the shared templates (`moderation/_owner_panel.html` and
  `moderation/_review_history.html`) show: whether the text may be edited, the buttons of the
  actions the workflow would accept from this user (`workflow.get_actions`), the review
  history and the moderators' latest comment.
- `take_owner_action()` runs an owner's action and says how it went;
  `confirm_withdraw()` puts a confirmation page before withdrawing: the GET says what will
  happen and changes nothing, the POST withdraws.
- `last_editor()` names who saved an item last, for the conflict re-render (with
  `editing.show_conflict()`, which keeps the text typed on screen).

It knows no practice or call: each app passes its querysets, URL names and texts.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pfp.accounts.roles import government_of
from pfp.core.confirmation import confirmation_page

from . import workflow
from .models import EDITABLE_STATES, ReviewState

# Where the moderators' latest comment is no longer news: a draft has had none yet, and a
# submitted item is being read again.
_COMMENT_HIDDEN_IN = frozenset({ReviewState.DRAFT, ReviewState.SUBMITTED})
# The owner's actions that cannot be undone: their button leads to a confirmation page.
CONFIRMED_ACTIONS = frozenset({"withdraw"})
# What withdrawing means, for a practice as for a call.
WITHDRAW_CONSEQUENCES = [
    gettext_lazy(
        "It leaves the review for good: it cannot be edited, submitted again or published."
    ),
    gettext_lazy(
        "Nothing is deleted: the record and its history stay in your workspace, read-only."
    ),
    gettext_lazy("Nobody is emailed. If it is awaiting review, it leaves the moderators' queue."),
    gettext_lazy("This cannot be undone."),
]


def require_government(request):
    """The user's government, or 403 for users who are not confirmed focal points."""
    government = government_of(request.user)
    if government is None:
        raise PermissionDenied
    return government


def get_for_owner(request, queryset, pk):
    """An item of the user's government, or 404; users who are not focal points get 403.

    Scoped in the query itself: another government's item is as absent as one that does not
    exist, so ids cannot be probed.
    """
    return get_object_or_404(queryset, pk=pk, government=require_government(request))


def owner_context(request, item, *, action_urls, hints=None, history_length=20):
    """What the owner's panel shows for `item` (None for a new one).

    `action_urls` names the URL of each owner action ({"withdraw": "app:withdraw", …});
    `hints` says, per action, what it does. Submission is offered by the edit form itself, so
    it is not among `owner_actions`.
    """
    if item is None:
        return {"editable": True, "actions": set(), "owner_actions": [], "history": []}
    actions = workflow.get_actions(item, request.user)
    history = [
        {"entry": entry, "label": workflow.action_label(entry.action)}
        for entry in workflow.history_of(item)[:history_length]
    ]
    latest_comment = None
    if item.review_state not in _COMMENT_HIDDEN_IN:
        latest_comment = next(
            (
                row["entry"]
                for row in history
                if row["entry"].comment and row["entry"].action != "submit"
            ),
            None,
        )
    return {
        "editable": item.review_state in EDITABLE_STATES,
        "actions": {action.name for action in actions},
        "owner_actions": [
            {
                "action": action,
                "url": reverse(action_urls[action.name], args=[item.pk]),
                "hint": (hints or {}).get(action.name, ""),
                "confirm": action.name in CONFIRMED_ACTIONS,
            }
            for action in actions
            if action.by == workflow.OWNER and action.name != "submit"
        ],
        "history": history,
        "latest_comment": latest_comment,
    }


def take_owner_action(request, item, service, *, done, refused_url, done_url):
    """Run `service(item)`; on refusal back to `refused_url` with the reason, else on to
    `done_url` (or the URL it returns, called with the result) with `done`."""
    try:
        result = service(item)
    except workflow.WorkflowError as error:
        messages.error(request, error.message)
        return redirect(refused_url)
    messages.success(request, done % {"title": item.title})
    return redirect(done_url(result) if callable(done_url) else done_url)


def confirm_withdraw(request, item, service, *, done, refused_url, done_url):
    """Withdrawing behind its confirmation page, with the arguments of `take_owner_action()`:
    on GET the page says what withdrawing will do and changes nothing; on POST it withdraws.

    The page is shown only while the workflow would accept the withdrawal: otherwise back to
    `refused_url` with the reason, as for a refused POST.
    """
    action = workflow.ACTIONS["withdraw"]
    if request.method == "POST":
        return take_owner_action(
            request, item, service, done=done, refused_url=refused_url, done_url=done_url
        )
    state = item.get_review_state_display()
    if action.name not in workflow.available_action_names(item, request.user):
        messages.error(
            request,
            _("“%(action)s” is not possible: this item is %(state)s now.")
            % {"action": action.label, "state": state.lower()},
        )
        return redirect(refused_url)
    return confirmation_page(
        request,
        title=_("Withdraw “%(title)s”?") % {"title": item.title},
        subject=_("Review state: %(state)s.") % {"state": state},
        consequences=WITHDRAW_CONSEQUENCES,
        confirm_label=action.label,
        cancel_url=refused_url,
        danger=True,
    )


def last_editor(item):
    """Who saved the item last, from its history (None if unknown)."""
    record = item.history.select_related("history_user").first()
    return record.history_user if record else None
