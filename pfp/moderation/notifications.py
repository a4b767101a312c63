"""Emails about review decisions, sent after the decision is committed.

Moderators hear of every submission; the focal points of the owning government hear of every
decision on their items. Each recipient gets a message of their own, so that nobody's address
is shown to anyone else. A failing mail server never undoes a decision: the decision is
committed before the mail is sent, and a failure is logged.
"""

import logging

from django.conf import settings
from django.core.mail import get_connection
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pfp.accounts.models import Membership
from pfp.accounts.roles import moderators
from pfp.core import emails

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


def render_email(template, context, *, recipients=(), **options):
    """The mail `template` in the portal's one frame (`pfp.core.emails.render`), for a group
    that gets one message together: in their language when they share one, else the site's."""
    languages = set(emails.recipient_languages(recipients).values())
    language = languages.pop() if len(languages) == 1 else settings.LANGUAGE_CODE
    return emails.render(template, context, language=language, **options)


def site_url(path):
    return emails.site_link(path)


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
        review_url = site_url(
            reverse(f"admin:{meta.app_label}_{meta.model}_change", args=[item.pk])
        )
        action = emails.Action(_("Review it in the moderation queue"), review_url)
    elif entry.action in OWNER_ACTIONS:
        recipients = focal_point_emails(item.government_id)
        template = "moderation/email/decided"
        context["outcome"] = OUTCOMES[entry.action]
        context["public_url"] = public_url(item)
        if entry.action == "return":
            label = _("Make the changes and submit it again from your workspace")
        else:
            label = _("See it in your workspace")
        action = emails.Action(label, context["workspace_url"])
    else:
        return
    if not recipients:
        return
    quote = None
    if entry.comment:
        label = _("Their reason:") if entry.action == "reject" else _("Their comment:")
        quote = emails.Quote(label, entry.comment)
    try:
        emails.send(template, context, recipients, action=action, quote=quote)
    except Exception:
        # The decision stands; the people concerned see it in their workspace and the log.
        logger.exception("Could not send the %s email for %r", entry.action, item)


def send_to_group(*, rendered, recipients, connection=None):
    """One message to a group that works together (a government's focal points)."""
    message = rendered.message(recipients, connection=connection or get_connection())
    return message.send(fail_silently=False)
