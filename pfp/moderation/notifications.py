"""Emails about review decisions, sent after the decision is committed.

Moderators hear of every submission; the focal points of the owning government hear of every
decision on their items. Each recipient gets a message of their own, so that nobody's address
is shown to anyone else. A failing mail server never undoes a decision: the decision is
committed before the mail is sent, and a failure is logged.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection, send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from pfp.accounts.models import Membership
from pfp.accounts.roles import moderators

logger = logging.getLogger(__name__)

MODERATOR_ACTIONS = {"submit"}
OWNER_ACTIONS = {"publish", "return", "reject", "unpublish"}
# What the focal points read in a subject line. A proposed update that is merged reads as
# published: for its government, its text is now the public one.
OUTCOMES = {
    "publish": _("Published"),
    "return": _("Returned for changes"),
    "reject": _("Rejected"),
    "unpublish": _("Unpublished"),
}


def moderator_emails():
    # The same people as is_moderator(): whoever may decide hears of what awaits a decision.
    return sorted(set(moderators().values_list("email", flat=True)))


def focal_point_emails(government_id):
    if government_id is None:
        return []
    return sorted(
        Membership.objects.filter(
            organization_id=government_id,
            role=Membership.Role.FOCAL_POINT,
            confirmed=True,
            user__is_active=True,
        ).values_list("user__email", flat=True)
    )


def render_email(template, context):
    """(subject, body) from `<template>_subject.txt` and `<template>.txt`, in the site's
    language (recipients have no language of their own yet)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    return subject, body


def site_url(path):
    return f"{settings.PFP_SITE_URL}{path}"


def public_url(item):
    """The public page of an item, or of the published item a merged update went into."""
    published = getattr(item, "update_of", None) or item
    get_absolute_url = getattr(published, "get_absolute_url", None)
    return site_url(get_absolute_url()) if get_absolute_url else ""


def transition_made(entry):
    """Called once a transition is committed: mail the people who need to know."""
    item = entry.item
    if item is None:
        return
    update_of = getattr(item, "update_of", None)
    context = {
        "item": item,
        "entry": entry,
        "update_of": update_of,
        "site_url": settings.PFP_SITE_URL,
        "workspace_url": site_url("/my/"),
    }
    if entry.action in MODERATOR_ACTIONS:
        recipients = moderator_emails()
        template = "moderation/email/submitted"
        meta = entry.content_type
        context["review_url"] = site_url(
            reverse(f"admin:{meta.app_label}_{meta.model}_change", args=[item.pk])
        )
    elif entry.action in OWNER_ACTIONS:
        recipients = focal_point_emails(item.government_id)
        template = "moderation/email/decided"
        context["outcome"] = OUTCOMES[entry.action]
        context["public_url"] = public_url(item)
    else:
        return
    if not recipients:
        return
    subject, body = render_email(template, context)
    try:
        send_mass_mail(
            [(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient]) for recipient in recipients],
            fail_silently=False,
        )
    except Exception:
        # The decision stands; the people concerned see it in their workspace and the log.
        logger.exception("Could not send the %s email for %r", entry.action, item)


def send_to_group(*, subject, body, recipients, connection=None):
    """One message to a group that works together (a government's focal points)."""
    message = EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        recipients,
        connection=connection or get_connection(),
    )
    return message.send(fail_silently=False)
