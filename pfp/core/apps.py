from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "pfp.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import jobs, logs

        logs.connect()
        # After every migrate, the periodic jobs in the settings are the ones scheduled.
        post_migrate.connect(jobs.ensure_schedules, sender=self, dispatch_uid="pfp-schedules")
