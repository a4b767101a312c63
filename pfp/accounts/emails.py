"""The emails of the accounts app: plain text, links built on settings.PFP_SITE_URL.

Links never come from the request's Host header, which a client chooses.
"""

from django.conf import settings
from django.core.mail import send_mail, send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from . import limits, roles, selectors
from .tokens import make_email_confirmation_token, make_invitation_token


def site_link(path):
    return settings.PFP_SITE_URL + path


def _render(template, context):
    context = {"site_url": settings.PFP_SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    return subject, body


def _send_to_each(recipients, template, context):
    """The same mail to each of `recipients`, each on its own, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _render(template, context)
    send_mass_mail(
        [(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient]) for recipient in recipients]
    )


def _send_to(address, template, context, *, language=None):
    """One mail to `address`, in `language` (the site's language when not given)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject, body = _render(template, context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])


def send_invitation(invitation, *, language=None):
    if not limits.mail_allowed(invitation.email):
        return
    link = site_link(reverse("accounts:invitation", args=[make_invitation_token(invitation)]))
    _send_to(
        invitation.email,
        "accounts/email/invitation",
        {"invitation": invitation, "link": link},
        language=language,
    )


def send_colleague_invitation_to_moderators(invitation):
    recipients = sorted(set(roles.moderators().values_list("email", flat=True)))
    if not recipients:
        return
    link = site_link(reverse("admin:accounts_invitation_changelist"))
    _send_to_each(
        recipients, "accounts/email/colleague_invitation", {"invitation": invitation, "link": link}
    )


def send_email_confirmation(user, *, language=None):
    if not limits.mail_allowed(user.email):
        return
    link = site_link(reverse("accounts:confirm_email", args=[make_email_confirmation_token(user)]))
    _send_to(
        user.email,
        "accounts/email/confirm_email",
        {"user": user, "link": link, "days": settings.PFP_EMAIL_CONFIRMATION_DAYS},
        language=language,
    )


def send_join_request_to_deciders(join_request, *, language=None):
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
        recipients, "accounts/email/join_request", {"join_request": join_request, "link": link}
    )


def send_join_request_decision(join_request, *, language=None):
    _send_to(
        join_request.user.email,
        "accounts/email/join_request_decision",
        {"join_request": join_request, "link": site_link(reverse("accounts:login"))},
        language=language,
    )


def send_account_exists(user, *, language=None):
    """To the owner of an address someone tried to sign up with."""
    if not limits.mail_allowed(user.email):
        return
    _send_to(
        user.email,
        "accounts/email/account_exists",
        {
            "login_link": site_link(reverse("accounts:login")),
            "reset_link": site_link(reverse("accounts:password_reset")),
        },
        language=language,
    )


def send_invitation_to_existing_account(user, organization, inviter, *, language=None):
    """To the owner of an account a focal point invited, when the invitation cannot work."""
    if not limits.mail_allowed(user.email):
        return
    membership = user.membership
    _send_to(
        user.email,
        "accounts/email/invitation_existing_account",
        {
            "government": organization,
            "inviter": inviter,
            "own_organization": membership.organization,
            "already_focal_point": membership.organization_id == organization.pk,
        },
        language=language,
    )


def send_enrolment_code(user, code, *, language=None):
    if not limits.mail_allowed(user.email):
        return
    _send_to(
        user.email,
        "accounts/email/enrolment_code",
        {"code": code, "minutes": settings.PFP_2FA_ENROLMENT_CODE_MINUTES},
        language=language,
    )
