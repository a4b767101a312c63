"""Who may do what: the one place where roles are decided.

Views, the admin and templates ask these functions; none of them looks at memberships itself.
"""

from django.contrib.auth.models import Group

MODERATORS_GROUP = "Moderators"


def is_moderator(user):
    if not user.is_authenticated or not user.is_active or not user.is_staff:
        return False
    if user.is_superuser:
        return True
    return Group.objects.filter(name=MODERATORS_GROUP, user=user).exists()


def government_of(user):
    """The national government for which the user acts as a focal point, or None."""
    if not user.is_authenticated or not user.is_active:
        return None
    membership = getattr(user, "membership", None)
    if membership is None or not membership.is_focal_point:
        return None
    return membership.organization


def organization_of(user):
    if not user.is_authenticated:
        return None
    membership = getattr(user, "membership", None)
    return membership.organization if membership else None
