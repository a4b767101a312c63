"""Write paths of the accounts app: invitations, partner sign-up, organization verification.

Each function takes the acting user where there is one, checks permission with `roles`, runs in
one transaction and sends its emails once the transaction is committed. Forms validate input;
these functions assume valid input and enforce the rules that must hold whatever the caller.
"""

from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django_otp import devices_for_user
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import emails, roles
from .models import Invitation, JoinRequest, Membership, Organization
from .tokens import InvalidToken, invitation_lifetime, read_invitation_token


class InvitationError(Exception):
    """An invitation link that cannot be used; `code` says why, for the page that explains it."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def _on_commit(send, *args):
    # Each mail is in its recipient's language (pfp.core.emails.send looks it up), not in the
    # language of the request that caused it: a French moderator's decision reaches an
    # English-speaking partner in English.
    transaction.on_commit(partial(send, *args))


def _send(invitation):
    now = timezone.now()
    invitation.sent_at = now
    invitation.expires_at = now + invitation_lifetime()
    invitation.save(update_fields=["sent_at", "expires_at", "confirmed_by"])
    _on_commit(emails.send_invitation, invitation)


def invitation_create(*, email, organization, acting_user, language=None):
    """Invite `email` to act for the government `organization` as a focal point.

    A moderator's invitation is sent at once. A focal point's invitation of a colleague of
    its own government waits for a moderator to confirm it; moderators are told. Idempotent:
    while an invitation of the same address to the same government is open, that one is
    returned (and sent, when a moderator asks for one that was waiting for confirmation).
    `language` (the site's by default) is the invitation's and then the new account's.
    """
    if roles.can_invite_focal_point(acting_user, organization):
        needs_confirmation = False
    elif roles.can_invite_colleague(acting_user, organization):
        needs_confirmation = True
    else:
        raise PermissionDenied
    email = get_user_model().objects.normalize_email(email).lower()
    with transaction.atomic():
        # Invitations to one government are made one at a time, so that a form posted twice
        # cannot create two open invitations of the same address.
        Organization.objects.select_for_update().get(pk=organization.pk)
        existing = Invitation.objects.open().filter(email__iexact=email, organization=organization)
        invitation = existing.order_by("created_at").first()
        if invitation is not None:
            if invitation.sent_at is None and not needs_confirmation:
                invitation.confirmed_by = acting_user
                _send(invitation)
            return invitation
        invitation = Invitation.objects.create(
            email=email,
            organization=organization,
            role=Membership.Role.FOCAL_POINT,
            language=language or settings.LANGUAGE_CODE,
            invited_by=acting_user,
            needs_confirmation=needs_confirmation,
        )
        if needs_confirmation:
            transaction.on_commit(
                partial(emails.send_colleague_invitation_to_moderators, invitation)
            )
        else:
            _send(invitation)
    return invitation


def invitation_confirm(*, invitation, acting_user):
    """A moderator confirms a colleague invitation, which is then sent. Returns whether it was.

    Idempotent: an invitation already sent, accepted or revoked is left as it is.
    """
    if not roles.can_confirm_invitation(acting_user):
        raise PermissionDenied
    with transaction.atomic():
        # Locked: two moderators confirming at once send one email.
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.sent_at or invitation.accepted_at or invitation.revoked_at:
            return False
        invitation.confirmed_by = acting_user
        _send(invitation)
    return True


def invitation_resend(*, invitation, acting_user):
    """A moderator sends an invitation again, with a new expiry. Returns whether it was sent.

    For an invitation that is neither accepted nor revoked; one waiting for confirmation is
    confirmed.
    """
    if not roles.can_confirm_invitation(acting_user):
        raise PermissionDenied
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at or invitation.revoked_at:
            return False
        if invitation.sent_at is None:
            invitation.confirmed_by = acting_user
        _send(invitation)
    return True


def invitation_revoke(*, invitation, acting_user):
    """A moderator revokes an invitation that was not accepted. Returns whether it was."""
    if not roles.can_confirm_invitation(acting_user):
        raise PermissionDenied
    # Compare-and-set: an invitation accepted meanwhile stays accepted.
    return bool(
        Invitation.objects.filter(pk=invitation.pk, accepted_at=None, revoked_at=None).update(
            revoked_at=timezone.now()
        )
    )


def _check_usable(invitation):
    if invitation.revoked_at:
        raise InvitationError("revoked")
    if invitation.accepted_at:
        raise InvitationError("used")
    if invitation.sent_at is None:
        raise InvitationError("invalid")
    if invitation.is_expired:
        raise InvitationError("expired")


def invitation_from_token(token):
    """The invitation a link names, if it can still be accepted; raises InvitationError."""
    try:
        pk, email = read_invitation_token(token)
    except InvalidToken as error:
        raise InvitationError(error.reason) from error
    invitation = Invitation.objects.select_related("organization").filter(pk=pk).first()
    # The address is part of the signed token: a link stops working if staff correct it.
    if invitation is None or invitation.email.lower() != email:
        raise InvitationError("invalid")
    _check_usable(invitation)
    return invitation


def invitation_accept(*, invitation, acting_user=None, first_name="", last_name="", password=None):
    """Accept an invitation; returns the user, now a confirmed focal point of the government.

    Signed in with the invited address (`acting_user`), the user joins the government, unless
    they belong to another organization. Otherwise a new account is made with the name and
    password given. Raises InvitationError when the invitation cannot be accepted (any more).
    """
    User = get_user_model()
    now = timezone.now()
    with transaction.atomic():
        # Locked, then checked again: two tabs accepting at once accept once.
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        _check_usable(invitation)
        if acting_user is not None and acting_user.is_authenticated:
            if acting_user.email.lower() != invitation.email.lower():
                raise InvitationError("wrong_user")
            user = acting_user
            membership = Membership.objects.select_for_update().filter(user=user).first()
            if membership is not None and membership.organization_id != invitation.organization_id:
                raise InvitationError("other_organization")
            if membership is None:
                Membership.objects.create(
                    user=user,
                    organization_id=invitation.organization_id,
                    role=invitation.role,
                    confirmed=True,
                )
            else:
                membership.role = invitation.role
                membership.confirmed = True
                membership.save(update_fields=["role", "confirmed"])
            if user.email_confirmed_at is None:
                user.email_confirmed_at = now
                user.save(update_fields=["email_confirmed_at"])
        else:
            if User.objects.filter(email__iexact=invitation.email).exists():
                raise InvitationError("account_exists")
            user = User.objects.create_user(
                email=invitation.email,
                password=password,
                first_name=first_name,
                last_name=last_name,
                email_confirmed_at=now,
                language=invitation.language,
            )
            Membership.objects.create(
                user=user,
                organization_id=invitation.organization_id,
                role=invitation.role,
                confirmed=True,
            )
        invitation.accepted_at = now
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


def partner_sign_up(
    *,
    email,
    password,
    first_name,
    last_name,
    organization=None,
    new_organization_name="",
    new_organization_type=None,
    new_organization_country=None,
    language=None,
):
    """A partner signs up: an inactive account until the emailed link confirms the address.

    The partner founds a new organization, which stays unverified until staff verify it, or
    asks to join `organization` (an existing, non-government one): a join request that its
    confirmed members or staff decide, and until then there is no membership. Focal
    points of governments come only through invitations, so no national government can be
    joined or created here.
    """
    User = get_user_model()
    if organization is not None and organization.is_national_government:
        raise PermissionDenied
    if organization is None and new_organization_type.is_national_government:
        raise PermissionDenied
    founded = organization is None
    with transaction.atomic():
        if founded:
            organization = Organization.objects.create(
                name=new_organization_name,
                partner_type=new_organization_type,
                country=new_organization_country,
                verified=False,
            )
        user = User.objects.create_user(
            email=email,
            password=password,
            first_name=first_name,
            last_name=last_name,
            is_active=False,
            language=language or settings.LANGUAGE_CODE,
        )
        if founded:
            Membership.objects.create(
                user=user, organization=organization, role=Membership.Role.MEMBER, confirmed=False
            )
        else:
            # No membership at all until a member approves: nothing that reads memberships
            # can then mistake the newcomer for one of the organization's people.
            JoinRequest.objects.create(user=user, organization=organization)
        _on_commit(emails.send_email_confirmation, user)
    return user


def partner_resend_confirmation(*, user):
    """Send the confirmation link again to an account still waiting for it."""
    if user.is_active or user.email_confirmed_at is not None:
        return False
    _on_commit(emails.send_email_confirmation, user)
    return True


def partner_sign_up_existing(*, user):
    """Someone signed up with the address of an existing account. They are told nothing more
    than any new sign-up; the address's owner is emailed: the confirmation link again while
    it was never followed (a reset is not sent to an inactive account, so without it such an
    account could never open), otherwise a note that the account exists. An account staff
    deactivated gets nothing."""
    if partner_resend_confirmation(user=user):
        return
    if user.is_active:
        _on_commit(emails.send_account_exists, user)


def invitation_notify_existing_account(*, email, organization, acting_user):
    """After a colleague invitation: if the address has an account for which the invitation
    cannot work (another organization, or a focal point already), its owner is told by email.
    The inviter sees the same answer either way."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=email, is_active=True).select_related(
        "membership__organization"
    )
    user = user.first()
    membership = getattr(user, "membership", None) if user else None
    if membership is None:
        return False
    if membership.organization_id == organization.pk and not membership.is_focal_point:
        return False
    _on_commit(emails.send_invitation_to_existing_account, user, organization, acting_user)
    return True


def partner_confirm_email(*, user):
    """Confirm the address and activate the account. Returns False if it was confirmed before.

    The founder of a new organization then acts for it (unverified, and shown so). Someone
    who asked to join an existing organization does not: the address being theirs says
    nothing about whether they belong there. Only now, with the address proven, is the request
    put to the organization's members, so that nobody can flood them with requests from
    addresses that are not theirs.

    An account whose address was confirmed once is never reactivated by a link: staff may
    have deactivated it since.
    """
    with transaction.atomic():
        # Compare-and-set: a link opened twice at once confirms once.
        confirmed = (
            get_user_model()
            .objects.filter(pk=user.pk, email_confirmed_at=None)
            .update(is_active=True, email_confirmed_at=timezone.now())
        )
        if confirmed:
            join_request = (
                JoinRequest.objects.filter(user=user, status=JoinRequest.Status.PENDING)
                .select_related("organization", "user")
                .first()
            )
            Membership.objects.filter(
                user=user, role=Membership.Role.MEMBER, organization__is_national_government=False
            ).update(confirmed=True)
            if join_request is not None:
                _on_commit(emails.send_join_request_to_deciders, join_request)
    return bool(confirmed)


def pending_join_request(user):
    """The user's request to join an organization that awaits a decision, or None."""
    if not user.is_authenticated:
        return None
    return (
        JoinRequest.objects.filter(user=user, status=JoinRequest.Status.PENDING)
        .select_related("organization")
        .first()
    )


def join_request_decide(*, join_request, acting_user, approve):
    """A confirmed member of the organization, or staff, approves or declines a request to
    join it. Returns whether this call decided it (False when it was decided already).

    Approved, the requester becomes a confirmed member and acts for the organization;
    declined, the account stays, acting for nothing. Either way the requester is emailed.
    """
    if not roles.can_decide_join_request(acting_user, join_request.organization):
        raise PermissionDenied
    with transaction.atomic():
        # Locked: two members deciding at once decide once, and the requester gets one email.
        locked = (
            JoinRequest.objects.select_for_update()
            .filter(pk=join_request.pk, status=JoinRequest.Status.PENDING)
            .first()
        )
        if locked is None:
            return False
        # Staff may have given the person a place meanwhile: that one is never changed, and
        # the request is then closed as declined.
        has_membership = Membership.objects.filter(user_id=locked.user_id).exists()
        approve = approve and not has_membership
        if approve:
            Membership.objects.create(
                user_id=locked.user_id,
                organization_id=locked.organization_id,
                role=Membership.Role.MEMBER,
                confirmed=True,
            )
        locked.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
        locked.decided_at = timezone.now()
        locked.decided_by = acting_user
        locked.save(update_fields=["status", "decided_at", "decided_by"])
        _on_commit(emails.send_join_request_decision, locked)
    join_request.refresh_from_db()
    return True


def organization_verify(*, organizations, acting_user):
    """Staff verify organizations; returns how many were not verified before."""
    if not roles.can_verify_organization(acting_user):
        raise PermissionDenied
    pks = [organization.pk for organization in organizations]
    return Organization.objects.filter(pk__in=pks, verified=False).update(verified=True)


BACKUP_CODE_COUNT = 10
ENROLMENT_CODE_DIGITS = 8


def _enrolment_device(user):
    # An unconfirmed email device: django-otp never counts it as a second factor
    # (devices_for_user and user_has_device look at confirmed devices only).
    device, _created = EmailDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": gettext("Enrolment code")}
    )
    return device


def two_factor_send_enrolment_code(*, user):
    """Email a one-time code to the staff member's own address, without which no second
    factor is set up: whoever has only the password cannot enrol their own authenticator."""
    if not roles.can_set_up_second_factor(user):
        raise PermissionDenied
    with transaction.atomic():
        device = _enrolment_device(user)
        device.generate_token(
            length=ENROLMENT_CODE_DIGITS,
            valid_secs=settings.PFP_2FA_ENROLMENT_CODE_MINUTES * 60,
        )
        _on_commit(emails.send_enrolment_code, user, device.token)


def two_factor_check_enrolment_code(*, user, code):
    """Whether `code` is the one emailed; it works once, until it expires, and failed tries
    slow further ones down (django-otp's throttling)."""
    if not roles.can_set_up_second_factor(user):
        raise PermissionDenied
    with transaction.atomic():
        device = EmailDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        if device is None or not device.verify_token(code):
            return False
        # A key made before the proof may have been seen by whoever had only the password:
        # the setup starts from a new one.
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return True


def two_factor_device_for_setup(*, user):
    """The authenticator-app device being set up: one unconfirmed device, kept across visits
    so that the QR code on the page stays the same until the user confirms it."""
    if not roles.can_set_up_second_factor(user):
        raise PermissionDenied
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=gettext("Authenticator app"), confirmed=False
        )
    return device


def two_factor_confirm(*, user, device, code):
    """Confirm the device with a code from the app. Returns (device, backup codes), or None.

    The device then becomes the user's one authenticator app (an older one is removed), and
    the backup codes replace any the user had.
    """
    if not roles.can_set_up_second_factor(user) or device.user_id != user.pk:
        raise PermissionDenied
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if device.confirmed or not device.verify_token(code):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = _replace_backup_codes(user)
    return device, codes


def two_factor_new_backup_codes(*, user):
    """New backup codes for a user with a confirmed device; the old ones stop working."""
    if not roles.can_set_up_second_factor(user):
        raise PermissionDenied
    with transaction.atomic():
        return _replace_backup_codes(user)


def _replace_backup_codes(user):
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": gettext("Backup codes"), "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _index in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def two_factor_verify(*, user, code):
    """The confirmed device (app or backup codes) that accepts `code`, or None.

    Each device throttles failed attempts itself; a backup code works once.
    """
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(code):
                return device
    return None


def user_set_language(*, user, language):
    """The language of the user's emails (one of settings.LANGUAGES, checked by the form)."""
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
