"""Write paths for calls for action and offers: plain functions that take the acting user,
check permission, change the data in one transaction and send their emails on commit.

Review transitions of a call go through `pfp.moderation.workflow.perform`, as for practices.
Views validate input (calls_for_action/forms.py); these functions decide who may do what.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pfp.accounts.roles import government_of, organization_of
from pfp.moderation import workflow
from pfp.moderation.models import ReviewState
from practices.models import unique_slug

from . import notifications
from .models import CallForAction, Offer

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
EDITABLE_STATES = workflow.EDITABLE_STATES


class EditConflict(workflow.EditConflict):
    def __init__(self, *, current):
        super().__init__(
            _(
                "Someone else saved this call while you were editing it, so your changes were "
                "not saved. Your text is still below."
            ),
            current=current,
        )


class OfferRefused(workflow.WorkflowError):
    """An offer that cannot be made or changed; the message says why."""


def _require_owner(actor, call):
    government = government_of(actor)
    if government is None or government.pk != call.government_id:
        raise PermissionDenied


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
    """A new draft call of the actor's government (never taken from the input)."""
    government = government_of(actor)
    if government is None:
        raise PermissionDenied
    for attempt in range(3):
        try:
            with transaction.atomic():
                call = CallForAction(
                    government=government,
                    created_by=actor,
                    slug=unique_slug(CallForAction, fields["title"]),
                )
                _apply(call, fields)
                call._history_user = actor
                call.save()
                _apply_relations(call, fields)
        except IntegrityError:
            # Two calls of the same title created at once took the same slug: choose again.
            if attempt == 2:
                raise
        else:
            return call


def call_save(*, call, actor, expected_version, fields):
    """Save an edit made from `expected_version`; refuses a stale or locked one."""
    _require_owner(actor, call)
    with transaction.atomic():
        # The race: two colleagues open version n and both save. The version moves on only
        # if the row is still at n and editable, in one statement: the second save matches
        # nothing and is refused instead of silently overwriting the first.
        won = CallForAction.objects.filter(
            pk=call.pk, version=expected_version, review_state__in=EDITABLE_STATES
        ).update(version=F("version") + 1)
        if not won:
            current = CallForAction.objects.get(pk=call.pk)
            if current.review_state not in EDITABLE_STATES:
                raise workflow.WorkflowError(
                    _("This call is %(state)s: it cannot be changed now.")
                    % {"state": current.get_review_state_display().lower()},
                    code="locked",
                )
            raise EditConflict(current=current)
        call.version = expected_version + 1
        _apply(call, fields)
        call._history_user = actor
        call.save(update_fields=[*[n for n in CALL_FIELDS if n in fields], "version", "updated_at"])
        _apply_relations(call, fields)
    return call


def call_submit(*, call, actor):
    """Send a call for review; one whose deadline has passed is refused."""
    _require_owner(actor, call)
    if call.deadline_passed:
        raise workflow.WorkflowError(
            _("The deadline of this call has passed: set a later one before submitting it."),
            code="deadline_passed",
        )
    return workflow.perform(item=call, action_name="submit", actor=actor)


def call_withdraw(*, call, actor):
    return workflow.perform(item=call, action_name="withdraw", actor=actor)


def call_mark_fulfilled(*, call, actor):
    """The government says its call found what it sought. Idempotent; owner only."""
    _require_owner(actor, call)
    with transaction.atomic():
        locked = CallForAction.objects.select_for_update().get(pk=call.pk)
        if locked.review_state != ReviewState.PUBLISHED:
            raise workflow.WorkflowError(
                _("Only a published call can be marked fulfilled."), code="not_published"
            )
        if locked.status == CallForAction.Status.FULFILLED:
            return locked
        locked.status = CallForAction.Status.FULFILLED
        locked.fulfilled_at = timezone.now()
        locked.version += 1
        locked._history_user = actor
        locked.save(update_fields=["status", "fulfilled_at", "version", "updated_at"])
        workflow.log(
            item=locked,
            actor=actor,
            action="fulfil",
            from_state=locked.review_state,
            to_state=locked.review_state,
            comment=str(_("Marked fulfilled by its government.")),
        )
    return locked


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


def offer_update(*, offer, actor, fields):
    _require_offerer(actor, offer)
    with transaction.atomic():
        # Changed only while still new: a compare-and-set, so that an answer given meanwhile
        # is never followed by a changed offer.
        won = Offer.objects.filter(pk=offer.pk, status=Offer.Status.NEW).update(
            updated_at=timezone.now(), **fields
        )
    if not won:
        raise OfferRefused(
            _("This offer has been answered or withdrawn: it can no longer be changed."),
            code="answered",
        )
    offer.refresh_from_db()
    return offer


def offer_withdraw(*, offer, actor):
    _require_offerer(actor, offer)
    won = Offer.objects.filter(pk=offer.pk, status=Offer.Status.NEW).update(
        status=Offer.Status.WITHDRAWN, updated_at=timezone.now()
    )
    if not won:
        raise OfferRefused(_("This offer has been answered or withdrawn already."), code="answered")
    offer.refresh_from_db()
    return offer


def offer_answer(*, offer, actor, accept, message=""):
    """The call's government accepts or declines a new offer; the offerer is emailed."""
    call = offer.call
    _require_owner(actor, call)
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
        )
        if not won:
            raise OfferRefused(
                _("This offer has been answered or withdrawn already."), code="answered"
            )
        offer.refresh_from_db()
        transaction.on_commit(lambda: notifications.offer_answered(offer))
    return offer
