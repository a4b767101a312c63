from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Practices")

    def ready(self):
        from pfp.core import media as core_media

        # services registers the workflow's merge effect; signals connects the receivers.
        from . import media, services  # noqa: F401
        from .search import signals

        core_media.register(media.may_see_file)
        signals.connect()
