"""Editing a reviewable item (or an offer): one way to create one, one way to save an edit.

- `create_with_unique_slug()` creates a row with a slug of its title, choosing again when
  a colleague took the same slug at the same moment.
- `claim_version()` is the optimistic lock every edit goes through: the save moves the
  item's version on only if the row is still at the version the editor loaded and still
  editable, in one statement. Otherwise it raises `EditConflict` (someone saved since) or the
  item's locked error (it is no longer editable).
- `require_owner()`: only a focal point of the owning government edits an item.
- `VersionedFormMixin` carries the loaded version in a hidden `expected_version` field, and
  `show_conflict()` moves it on after a conflict, so that saving again, having seen the
  warning, is a choice and never a silent overwrite.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from pfp.accounts.roles import government_of
from pfp.core.slugs import unique_slug

from .models import EDITABLE_STATES, ReviewState
from .workflow import WorkflowError


class EditConflict(WorkflowError):
    """Someone else saved the item after this editor loaded it: this save would lose theirs.
    `current` is the item as it is now saved."""

    def __init__(self, *, current):
        super().__init__(
            _(
                "Someone else saved this %(item)s while you were editing it, so your changes "
                "were not saved. Your text is still below."
            )
            % {"item": current._meta.verbose_name},
            code="edit_conflict",
        )
        self.current = current


def require_owner(actor, item):
    """Only a focal point of the owning government changes an item."""
    government = government_of(actor)
    if government is None or government.pk != item.government_id:
        raise PermissionDenied


def locked_error(item):
    """Why the owner cannot change a reviewable item in its state now."""
    name = item._meta.verbose_name
    if item.review_state == ReviewState.SUBMITTED:
        message = _(
            "This %(item)s is with the moderators for review: it cannot be changed until they "
            "decide. Withdraw it if it must change now."
        ) % {"item": name}
    elif item.review_state == ReviewState.PUBLISHED and "propose_update" in item.review_actions:
        message = _("This %(item)s is published: propose an update to change it.") % {"item": name}
    else:
        message = _("This %(item)s is %(state)s: it can no longer be changed.") % {
            "item": name,
            "state": item.get_review_state_display().lower(),
        }
    return WorkflowError(message, code="locked")


def create_with_unique_slug(model, *, title, build, attempts=3):
    """`build(slug)` creates and returns the row, in a transaction of its own; returns it."""
    for attempt in range(attempts):
        try:
            with transaction.atomic():
                return build(unique_slug(model, title))
        except IntegrityError:
            # Two items with the same title created at the same moment took the same slug:
            # the database refused the second; choose again.
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def claim_version(item, *, expected_version, editable=None, refuse=locked_error):
    """Move `item`'s version on from `expected_version`, or refuse the edit.

    Call it inside the transaction that saves the edit: the row stays locked until that
    transaction ends. `editable` holds the lookups that are true while the item may be
    edited (by default: a reviewable item in an editable state); `refuse(current)` makes the
    error raised when they no longer are.
    """
    model = type(item)
    rows = model._default_manager.filter(pk=item.pk)
    editable = {"review_state__in": EDITABLE_STATES} if editable is None else editable
    # The race: two colleagues open version n; both press Save. The version moves on only if
    # the row still is at version n and editable, in one statement, so the database decides
    # who was first: the second save matches no row and is refused rather than silently
    # overwriting the first.
    won = rows.filter(version=expected_version or 0, **editable).update(version=F("version") + 1)
    if not won:
        current = rows.get()
        if not rows.filter(**editable).exists():
            raise refuse(current)
        raise EditConflict(current=current)
    item.version = (expected_version or 0) + 1


class VersionedFormMixin:
    """A ModelForm that carries the version it was loaded from."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, initial=self.instance.version
        )

    @property
    def expected_version(self):
        return self.cleaned_data.get("expected_version") or 0


def show_conflict(form, conflict):
    """After an EditConflict: keep the posted text in `form`, now made from the version saved
    meanwhile, so that saving again, having seen the warning, is a choice and never a silent
    overwrite."""
    data = form.data.copy()
    data[form.add_prefix("expected_version")] = conflict.current.version
    form.data = data
