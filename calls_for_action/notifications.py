"""Emails about offers, sent once the change is committed.

The call's focal points hear of each new offer, unless they chose one daily digest
(`send_offer_digest`, run by cron); the offerer hears of each answer. Each recipient gets a
message of their own, so nobody's address is shown to anyone else. A failing mail server
never undoes an offer or an answer: it is logged.
"""

import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse

from pfp.accounts.models import Membership
from pfp.moderation.notifications import render_email, site_url

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


def _send(messages, what):
    if not messages:
        return
    try:
        send_mass_mail(messages, fail_silently=False)
    except Exception:
        logger.exception("Could not send the %s email", what)


def offer_made(offer):
    recipients = immediate_recipients(offer.call.government_id)
    context = {
        "offer": offer,
        "call": offer.call,
        "inbox_url": site_url(reverse("calls_workspace:offers", args=[offer.call_id])),
    }
    subject, body = render_email("calls_for_action/email/offer_made", context)
    _send(
        [(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients],
        "new offer",
    )


def offer_answered(offer):
    recipients = {offer.contact_email}
    if offer.created_by is not None and offer.created_by.is_active:
        recipients.add(offer.created_by.email)
    context = {
        "offer": offer,
        "call": offer.call,
        "call_url": site_url(offer.call.get_absolute_url()),
        "offers_url": site_url(reverse("calls_workspace:my_offers")),
    }
    subject, body = render_email("calls_for_action/email/offer_answered", context)
    _send(
        [(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in sorted(recipients)],
        "offer answer",
    )


def offer_digest(*, email, offers):
    """One message listing `offers` (new offers to the recipient's government's calls)."""
    context = {"offers": offers, "inbox_url": site_url(reverse("calls_workspace:list"))}
    subject, body = render_email("calls_for_action/email/offer_digest", context)
    _send([(subject, body, settings.DEFAULT_FROM_EMAIL, [email])], "offer digest")
