from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from pfp.core import media as core_media

        from . import media

        core_media.register(media.may_see_file)
