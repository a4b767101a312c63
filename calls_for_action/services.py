"""Write paths for calls for action and offers: plain functions that take the acting user,
check permission, change the data in one transaction and send their emails on commit.

Review actions of a call (fulfilling it too) go through `pfp.moderation.workflow.perform`,
and edits of calls and offers through `pfp.moderation.editing` (unique slugs, the version
check), as for practices. Views validate input (calls_for_action/forms.py); these functions
decide who may do what.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pfp.accounts.roles import government_of, organization_of
from pfp.moderation import editing, workflow

from . import notifications
from .models import CallForAction, Offer
from .selectors import call_missing

CALL_FIELDS = ["title", "kind", "description", "sought", "deadline"]
CALL_M2M_FIELDS = [
    "partner_types",
    "thematic_areas",
    "sdg_targets",
    "gcm_objectives",
    "related_practices",
    "countries",
]
# As for practices: a moderator unpublishes a published call that must change.
EDITABLE_STATES = editing.EDITABLE_STATES
EditConflict = editing.EditConflict


class IncompleteCall(workflow.WorkflowError):
    """A submission that lacks what a moderator needs; `missing` is [(field, message)]."""

    def __init__(self, missing):
        super().__init__(_("Before it can be submitted, this call needs:"), code="incomplete")
        self.missing = missing


class OfferRefused(workflow.WorkflowError):
    """An offer that cannot be made or changed; the message says why."""


def _apply(call, fields):
    for name in CALL_FIELDS:
        if name in fields:
            setattr(call, name, fields[name])


def _apply_relations(call, fields):
    for name in CALL_M2M_FIELDS:
        if name in fields:
            getattr(call, name).set(fields[name] or [])


# --- calls -----------------------------------------------------------------------------------


def call_create(*, actor, fields):
    """A new draft call of the actor's government (never taken from the input). Only a title
    is needed for a draft; what a submission needs is checked when it is submitted."""
    government = government_of(actor)
    if government is None:
        raise PermissionDenied

    def build(slug):
        call = CallForAction(government=government, created_by=actor, slug=slug)
        _apply(call, fields)
        call._history_user = actor
        call.save()
        _apply_relations(call, fields)
        return call

    return editing.create_with_unique_slug(CallForAction, title=fields["title"], build=build)


def call_save(*, call, actor, expected_version, fields):
    """Save an edit made from `expected_version`; refuses a stale or locked one."""
    editing.require_owner(actor, call)
    with transaction.atomic():
        editing.claim_version(call, expected_version=expected_version)
        _apply(call, fields)
        call._history_user = actor
        call.save(update_fields=[*[n for n in CALL_FIELDS if n in fields], "version", "updated_at"])
        _apply_relations(call, fields)
    return call


def call_submit(*, call, actor):
    """Send a call for review, once it holds what a moderator needs (a deadline not passed
    among it). Raises IncompleteCall with the list of what is missing, PermissionDenied or
    WorkflowError."""
    editing.require_owner(actor, call)
    submit = workflow.ACTIONS["submit"]
    with transaction.atomic():
        # Checked on the row as it is now, locked: an edit cannot land between the check
        # and the submission.
        locked = CallForAction.objects.select_for_update().get(pk=call.pk)
        if locked.review_state in submit.sources:
            missing = call_missing(locked)
            if missing:
                raise IncompleteCall(missing)
        return workflow.perform(item=locked, action_name="submit", actor=actor)


def call_withdraw(*, call, actor):
    return workflow.perform(item=call, action_name="withdraw", actor=actor)


def call_mark_fulfilled(*, call, actor):
    """The government says its call found what it sought: the workflow's `fulfil` action.
    Idempotent; owner only."""
    try:
        return workflow.perform(
            item=call,
            action_name="fulfil",
            actor=actor,
            comment=str(_("Marked fulfilled by its government.")),
        )
    except workflow.WorkflowError as error:
        if error.code == "not_available":
            # Fulfilled already, by a colleague or by an earlier click.
            return CallForAction.objects.get(pk=call.pk)
        raise


# --- offers ----------------------------------------------------------------------------------


def offer_refusal(user, call):
    """Why the user may not make an offer on the call, or None if they may."""
    if not user.is_authenticated:
        return _("Sign in to make an offer.")
    organization = organization_of(user)
    if organization is None:
        return _(
            "Your account is not linked to an organization. Offers are made on behalf of an "
            "organization."
        )
    if organization.pk == call.government_id:
        return _("This is a call of your own government.")
    if not call.is_published:
        return _("This call is not published.")
    if not call.is_open:
        return _("This call is closed: it no longer takes offers.")
    return None


def own_offer(user, call):
    """The live offer of the user's organization on the call, or None."""
    organization = organization_of(user)
    if organization is None:
        return None
    return Offer.objects.active().filter(call=call, organization=organization).first()


def offer_make(*, call, actor, fields):
    """A new offer by the actor's organization. Raises OfferRefused, also when the
    organization already has a live offer on the call (made by a colleague a moment ago)."""
    reason = offer_refusal(actor, call)
    if reason:
        raise OfferRefused(reason, code="refused")
    organization = organization_of(actor)
    try:
        with transaction.atomic():
            # The race: two colleagues press Send at once. The partial unique constraint lets
            # the database keep the first; the second gets an IntegrityError here.
            offer = Offer.objects.create(
                call=call, organization=organization, created_by=actor, **fields
            )
            transaction.on_commit(lambda: notifications.offer_made(offer))
    except IntegrityError:
        raise OfferRefused(
            _(
                "Your organization has already made an offer on this call. You can change it "
                "until the government answers."
            ),
            code="duplicate",
        ) from None
    return offer


def _require_offerer(actor, offer):
    organization = organization_of(actor)
    if organization is None or organization.pk != offer.organization_id:
        raise PermissionDenied


def _offer_locked(offer):
    return OfferRefused(
        _("This offer has been answered or withdrawn: it can no longer be changed."),
        code="answered",
    )


def offer_update(*, offer, actor, expected_version, fields):
    """Change a new offer made from `expected_version`. Raises OfferRefused once it has been
    answered or withdrawn, and EditConflict when a colleague changed it meanwhile."""
    _require_offerer(actor, offer)
    with transaction.atomic():
        # Changed only while still new, and only from the version the editor loaded: an
        # answer given meanwhile is never followed by a changed offer, and a colleague's
        # change is never silently overwritten.
        editing.claim_version(
            offer,
            expected_version=expected_version,
            editable={"status": Offer.Status.NEW},
            refuse=_offer_locked,
        )
        Offer.objects.filter(pk=offer.pk).update(updated_at=timezone.now(), **fields)
    offer.refresh_from_db()
    return offer


def offer_withdraw(*, offer, actor):
    _require_offerer(actor, offer)
    won = Offer.objects.filter(pk=offer.pk, status=Offer.Status.NEW).update(
        status=Offer.Status.WITHDRAWN, version=F("version") + 1, updated_at=timezone.now()
    )
    if not won:
        raise OfferRefused(_("This offer has been answered or withdrawn already."), code="answered")
    offer.refresh_from_db()
    return offer


def offer_answer(*, offer, actor, accept, message=""):
    """The call's government accepts or declines a new offer; the offerer is emailed."""
    call = offer.call
    editing.require_owner(actor, call)
    status = Offer.Status.ACCEPTED if accept else Offer.Status.DECLINED
    with transaction.atomic():
        # Two focal points answering at once, or the offerer withdrawing: only one change
        # from "new" wins.
        won = Offer.objects.filter(pk=offer.pk, status=Offer.Status.NEW).update(
            status=status,
            answer=(message or "").strip(),
            answered_by=actor,
            answered_at=timezone.now(),
            updated_at=timezone.now(),
            version=F("version") + 1,
        )
        if not won:
            raise OfferRefused(
                _("This offer has been answered or withdrawn already."), code="answered"
            )
        offer.refresh_from_db()
        transaction.on_commit(lambda: notifications.offer_answered(offer))
    return offer
