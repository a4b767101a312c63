"""Who may do what: the one place where roles are decided.

Views, the admin and templates ask these functions; none of them looks at memberships itself.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q

MODERATORS_GROUP = "Moderators"


def is_moderator(user):
    if not user.is_authenticated or not user.is_active or not user.is_staff:
        return False
    if user.is_superuser:
        return True
    return Group.objects.filter(name=MODERATORS_GROUP, user=user).exists()


def _membership_of(user):
    """The membership of a signed-in, active user, or None."""
    if not user.is_authenticated or not user.is_active:
        return None
    return getattr(user, "membership", None)


def government_of(user):
    """The national government for which the user acts as a focal point, or None."""
    membership = _membership_of(user)
    if membership is None or not membership.is_focal_point:
        return None
    return membership.organization


def organization_of(user):
    """The organization a user acts for: only once the membership is confirmed (by email for a
    partner, by staff or an invitation for a focal point)."""
    membership = _membership_of(user)
    if membership is None or not membership.confirmed:
        return None
    return membership.organization


def moderators():
    """Active users who pass `is_moderator`, for notifications: keep the two in step."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | Q(groups__name=MODERATORS_GROUP))
        .distinct()
    )


def can_invite_focal_point(user, organization):
    """Moderators invite focal points of any national government; the invitation is sent."""
    return is_moderator(user) and organization.is_national_government


def can_invite_colleague(user, organization=None):
    """A focal point invites colleagues of its own government, for a moderator to confirm.

    Without `organization`: whether the user may invite colleagues at all.
    """
    government = government_of(user)
    if government is None:
        return False
    return organization is None or organization.pk == government.pk


def can_confirm_invitation(user):
    return is_moderator(user)


def can_verify_organization(user):
    return is_moderator(user)


def can_decide_join_request(user, organization):
    """A confirmed member of the organization, or GFMD staff, lets a newcomer in or not."""
    if is_moderator(user):
        return True
    own = organization_of(user)
    return own is not None and own.pk == organization.pk


def needs_second_factor(user, *, required):
    """Whether a signed-in user must verify a second factor before using the admin.

    Staff must, when `required` (settings.PFP_REQUIRE_2FA_FOR_STAFF, read by the caller at
    request time) is on and the session is not OTP-verified yet.
    """
    if not required or not user.is_authenticated or not user.is_staff:
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified and is_verified())


def can_set_up_second_factor(user):
    """Only staff sign in to the admin, so only staff have a second factor to set up."""
    return user.is_authenticated and user.is_active and user.is_staff
