from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_moderators_group(sender, using="default", **kwargs):
    """Every `migrate` leaves a Moderators group with the permissions moderators need, so a
    production site has it without the demo data. Permissions are only added, never taken
    away: staff may have given the group more."""
    from .management.commands.seed_demo import ensure_moderators_group as ensure

    ensure()


class AccountsConfig(AppConfig):
    name = "pfp.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organizations")

    def ready(self):
        # Sent once per app after migrating; the last one sees every app's permissions.
        post_migrate.connect(ensure_moderators_group, dispatch_uid="pfp-moderators-group")
        from django.contrib.auth.signals import user_logged_in

        from .signin import note_sign_in

        user_logged_in.connect(note_sign_in, dispatch_uid="pfp-known-device")
