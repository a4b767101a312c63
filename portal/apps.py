from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_moderators_group(sender, using="default", **kwargs):
    """Every `migrate` leaves a Moderators group with the permissions moderators need, so a
    production site has it without the demo data. Permissions are only added, never taken
    away: staff may have given the group more."""
    from .moderators import ensure_moderators_group as ensure

    ensure()


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        # Sent once per app after migrating; the last one sees every app's permissions.
        post_migrate.connect(ensure_moderators_group, dispatch_uid="pfp-moderators-group")
