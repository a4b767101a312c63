"""The Moderators group and what its members may do in the admin, across every app.

Here, in the top layer, because the list names the content apps (practices, calls for action,
meetings): `pfp.accounts` only knows the group's name (`roles.MODERATORS_GROUP`). Every
`migrate` runs `ensure_moderators_group` (see `PortalConfig.ready`), so a production site has
the group without the demo data.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from pfp.accounts.roles import MODERATORS_GROUP

# What moderators manage in the admin. They add, change and view; they do not delete:
# published records are unpublished, not deleted, and users are deactivated, not deleted.
# The moderation log is written by the review workflow only, so it is view-only.
MODERATOR_PERMISSIONS = [
    # (app label, model or None for every model of the app, actions)
    ("taxonomy", None, ("view", "add", "change")),
    ("practices", None, ("view", "add", "change")),
    ("calls_for_action", None, ("view", "add", "change")),
    ("meetings", None, ("view", "add", "change")),
    ("accounts", "organization", ("view", "add", "change")),
    ("accounts", "membership", ("view", "add", "change")),
    ("accounts", "user", ("view", "change")),
    # Invitations are revoked, never deleted.
    ("accounts", "invitation", ("view", "add", "change")),
    # Requests to join an organization are approved or declined, never made or deleted here.
    ("accounts", "joinrequest", ("view", "change")),
    ("moderation", "moderationlogentry", ("view",)),
    ("taggit", "tag", ("view", "add", "change")),
]


def moderator_permissions():
    query = Q(pk__in=[])
    for app_label, model, actions in MODERATOR_PERMISSIONS:
        scope = Q(content_type__app_label=app_label)
        if model:
            scope &= Q(content_type__model=model)
        codenames = Q()
        for action in actions:
            codenames |= Q(codename__startswith=f"{action}_")
        query |= scope & codenames
    # History is written by django-simple-history, never by hand: view only.
    editing_history = Q(content_type__model__startswith="historical") & ~Q(
        codename__startswith="view_"
    )
    return Permission.objects.filter(query).exclude(editing_history)


def ensure_moderators_group():
    """The Moderators group, with the permissions above added (none is ever taken away)."""
    group, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.add(*moderator_permissions())
    return group
