"""Emails about offers, sent once the change is committed.

The call's focal points hear of each new offer, unless they chose one daily digest
(`send_offer_digest`, run by the worker); the partner who made an offer gets a receipt for it,
and hears of each answer. Each recipient gets a
message of their own, so nobody's address is shown to anyone else. A failing mail server
never undoes an offer or an answer: it is logged.
"""

import logging

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pfp.accounts.models import Membership
from pfp.core import emails

logger = logging.getLogger(__name__)


def _focal_points(government_id):
    return Membership.objects.filter(
        organization_id=government_id,
        role=Membership.Role.FOCAL_POINT,
        confirmed=True,
        user__is_active=True,
    ).select_related("user__offer_email_preference")


def _wants_digest(user):
    preference = getattr(user, "offer_email_preference", None)
    return bool(preference and preference.daily_digest)


def immediate_recipients(government_id):
    return sorted(m.user.email for m in _focal_points(government_id) if not _wants_digest(m.user))


def digest_recipients(government_id):
    return sorted(m.user.email for m in _focal_points(government_id) if _wants_digest(m.user))


def _send(template, context, recipients, what, **options):
    try:
        emails.send(template, context, sorted(recipients), **options)
    except Exception:
        logger.exception("Could not send the %s email", what)


def _offer_context(offer):
    return {
        "offer": offer,
        "call": offer.call,
        "call_url": emails.site_link(offer.call.get_absolute_url()),
    }


def _offerers(offer):
    """Who made the offer: its contact person and the account that sent it."""
    recipients = {offer.contact_email}
    if offer.created_by is not None and offer.created_by.is_active:
        recipients.add(offer.created_by.email)
    return recipients


def _message(offer):
    return emails.Quote(_("The offer's message:"), offer.message)


def offer_made(offer):
    """The call's government hears of the offer; the partner gets a receipt."""
    inbox = emails.site_link(reverse("calls_workspace:offers", args=[offer.call_id]))
    _send(
        "calls_for_action/email/offer_made",
        _offer_context(offer),
        immediate_recipients(offer.call.government_id),
        "new offer",
        action=emails.Action(_("Accept or decline it in your workspace"), inbox),
        quote=_message(offer),
    )
    my_offers = emails.site_link(reverse("calls_workspace:my_offers"))
    _send(
        "calls_for_action/email/offer_receipt",
        _offer_context(offer),
        _offerers(offer),
        "offer receipt",
        action=emails.Action(_("Your organization's offers"), my_offers),
        quote=_message(offer),
        name=offer.contact_name,
    )


def offer_answered(offer):
    answer = emails.Quote(_("Their message:"), offer.answer) if offer.answer else None
    _send(
        "calls_for_action/email/offer_answered",
        _offer_context(offer),
        _offerers(offer),
        "offer answer",
        action=emails.Action(
            _("Your organization's offers"), emails.site_link(reverse("calls_workspace:my_offers"))
        ),
        quote=answer,
        name=offer.contact_name,
    )


def offer_digest(*, email, offers):
    """One message listing `offers` (new offers to the recipient's government's calls)."""
    inbox = emails.site_link(reverse("calls_workspace:list"))
    _send(
        "calls_for_action/email/offer_digest",
        {"offers": offers},
        [email],
        "offer digest",
        action=emails.Action(_("Accept or decline them in your workspace"), inbox),
    )
