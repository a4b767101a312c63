"""Signed links: invitations and email confirmations.

A token names its object and the email address it was made for, and is signed with a salt of
its own, so that a token of one kind never passes for the other. It expires after a number of
days read from the settings at the time it is checked. Single use is the caller's business:
the object records that the link was used (`Invitation.accepted_at`, `User.email_confirmed_at`).
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing

INVITATION_SALT = "pfp.accounts.invitation"
EMAIL_CONFIRMATION_SALT = "pfp.accounts.email-confirmation"


class InvalidToken(Exception):
    """The link was tampered with, is malformed, or has expired."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason  # "expired" or "invalid"


def _make(salt, pk, email):
    return signing.dumps({"id": pk, "email": email.lower()}, salt=salt, compress=True)


def _read(salt, token, max_age):
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise InvalidToken("expired") from error
    except signing.BadSignature as error:
        raise InvalidToken("invalid") from error
    if not isinstance(payload, dict) or not isinstance(payload.get("id"), int):
        raise InvalidToken("invalid")
    return payload["id"], str(payload.get("email", ""))


def invitation_lifetime():
    return timedelta(days=settings.PFP_INVITATION_DAYS)


def email_confirmation_lifetime():
    return timedelta(days=settings.PFP_EMAIL_CONFIRMATION_DAYS)


def make_invitation_token(invitation):
    return _make(INVITATION_SALT, invitation.pk, invitation.email)


def read_invitation_token(token):
    """(invitation id, email) from a token; raises InvalidToken."""
    return _read(INVITATION_SALT, token, invitation_lifetime())


def make_email_confirmation_token(user):
    return _make(EMAIL_CONFIRMATION_SALT, user.pk, user.email)


def read_email_confirmation_token(token):
    """(user id, email) from a token; raises InvalidToken."""
    return _read(EMAIL_CONFIRMATION_SALT, token, email_confirmation_lifetime())
