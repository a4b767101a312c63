"""Emails about review decisions, sent after the decision is committed.

Moderators hear of every submission; the focal points of the owning government hear of every
decision on their items.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import translation

from pfp.accounts.models import Membership
from pfp.accounts.roles import MODERATORS_GROUP

MODERATOR_ACTIONS = {"submit"}
OWNER_ACTIONS = {"publish", "return", "reject", "unpublish"}


def moderator_emails():
    users = get_user_model().objects.filter(is_active=True, is_staff=True)
    return sorted(
        set(users.filter(groups__name=MODERATORS_GROUP).values_list("email", flat=True))
        | set(users.filter(is_superuser=True).values_list("email", flat=True))
    )


def focal_point_emails(government_id):
    return sorted(
        Membership.objects.filter(
            organization_id=government_id,
            role=Membership.Role.FOCAL_POINT,
            confirmed=True,
            user__is_active=True,
        ).values_list("user__email", flat=True)
    )


def transition_made(entry):
    item = entry.item
    if item is None:
        return
    if entry.action in MODERATOR_ACTIONS:
        recipients = moderator_emails()
        template = "moderation/email/submitted"
    elif entry.action in OWNER_ACTIONS:
        recipients = focal_point_emails(item.government_id)
        template = "moderation/email/decided"
    else:
        return
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {"item": item, "entry": entry, "site_url": settings.PFP_SITE_URL}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    send_mass_mail(
        [(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient]) for recipient in recipients],
        fail_silently=False,
    )
