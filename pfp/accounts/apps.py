from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "pfp.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organizations")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .signin import note_sign_in

        user_logged_in.connect(note_sign_in, dispatch_uid="pfp-known-device")
