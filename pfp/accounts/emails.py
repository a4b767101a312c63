"""The emails of the accounts app, in the portal's one mail frame (`pfp.core.emails`), with
links built on settings.PFP_SITE_URL.

Links never come from the request's Host header, which a client chooses.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pfp.core import emails
from pfp.core.emails import Action, site_link

from . import limits, roles, selectors
from .tokens import make_email_confirmation_token, make_invitation_token


def _send_to_each(recipients, template, context, *, action=None):
    """The same mail to each of `recipients`, each on its own, in each one's language."""
    emails.send(template, context, recipients, action=action)


def _send_to(address, template, context, *, language=None, action=None):
    """One mail to `address`, in `language` (its account's language when not given)."""
    emails.send(template, context, [address], action=action, language=language)


def _send_within_limit(address, template, context, *, language=None, action=None):
    """`_send_to`, while the address's mail cap allows: for the mails a visitor can cause to
    be sent to an address they typed (sign-up, invitations, codes)."""
    if limits.mail_allowed(address):
        _send_to(address, template, context, language=language, action=action)


def send_invitation(invitation):
    link = site_link(reverse("accounts:invitation", args=[make_invitation_token(invitation)]))
    _send_within_limit(
        invitation.email,
        "accounts/email/invitation",
        {"invitation": invitation},
        # The address may have no account yet: the invitation's language, chosen by its sender.
        language=invitation.language,
        action=Action(_("Choose your password and accept the invitation"), link),
    )


def send_colleague_invitation_to_moderators(invitation):
    recipients = sorted(set(roles.moderators().values_list("email", flat=True)))
    if not recipients:
        return
    link = site_link(reverse("admin:accounts_invitation_changelist"))
    _send_to_each(
        recipients,
        "accounts/email/colleague_invitation",
        {"invitation": invitation},
        action=Action(_("Confirm and send it in the admin"), link),
    )


def send_email_confirmation(user):
    link = site_link(reverse("accounts:confirm_email", args=[make_email_confirmation_token(user)]))
    _send_within_limit(
        user.email,
        "accounts/email/confirm_email",
        {"user": user, "days": settings.PFP_EMAIL_CONFIRMATION_DAYS},
        action=Action(_("Confirm your email address"), link),
    )


def send_join_request_to_deciders(join_request):
    """Tell the organization's confirmed members that someone asks to join it; GFMD staff
    instead, when it has no confirmed member yet (staff decide in the admin either way)."""
    members = selectors.confirmed_member_emails(join_request.organization)
    if members:
        recipients = members
        link = site_link(reverse("accounts:join_requests"))
    else:
        recipients = sorted(set(roles.moderators().values_list("email", flat=True)))
        link = site_link(reverse("admin:accounts_joinrequest_changelist"))
    if not recipients:
        return
    _send_to_each(
        recipients,
        "accounts/email/join_request",
        {"join_request": join_request},
        action=Action(_("Approve or decline the request"), link),
    )


def send_join_request_decision(join_request):
    _send_to(
        join_request.user.email,
        "accounts/email/join_request_decision",
        {"join_request": join_request},
        action=Action(_("Sign in"), site_link(reverse("accounts:login"))),
    )


def send_account_exists(user):
    """To the owner of an address someone tried to sign up with."""
    _send_within_limit(
        user.email,
        "accounts/email/account_exists",
        {"reset_link": site_link(reverse("accounts:password_reset"))},
        action=Action(_("Sign in"), site_link(reverse("accounts:login"))),
    )


def send_invitation_to_existing_account(user, organization, inviter):
    """To the owner of an account a focal point invited, when the invitation cannot work."""
    membership = user.membership
    _send_within_limit(
        user.email,
        "accounts/email/invitation_existing_account",
        {
            "government": organization,
            "inviter": inviter,
            "own_organization": membership.organization,
            "already_focal_point": membership.organization_id == organization.pk,
        },
    )


def send_enrolment_code(user, code):
    _send_within_limit(
        user.email,
        "accounts/email/enrolment_code",
        {"code": code, "minutes": settings.PFP_2FA_ENROLMENT_CODE_MINUTES},
    )


def send_password_reset(address, *, uid, token):
    link = site_link(reverse("accounts:password_reset_confirm", args=[uid, token]))
    _send_to(
        address,
        "accounts/email/password_reset",
        {},
        action=Action(_("Choose a new password"), link),
    )
