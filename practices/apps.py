from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    label = "practices"
    verbose_name = _("Practices")

    def ready(self):
        from pfp.core import media as core_media

        from . import media
        from .search import signals

        core_media.register(media.may_see_file)
        signals.connect()
