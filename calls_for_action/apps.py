from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsForActionConfig(AppConfig):
    name = "calls_for_action"
    verbose_name = _("Calls for action")

    def ready(self):
        # Shown on cached public pages (the home page): every change moves the generation.
        from pfp.core.signals import watch_public_model

        from . import models

        for model in (models.CallForAction,):
            watch_public_model(model)
