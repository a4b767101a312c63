from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from pfp.core import media as core_media
        from pfp.core.signals import watch_public_model

        from . import media, models

        core_media.register(media.may_see_file)
        # Shown on cached public pages (the home page): every change moves the generation.
        for model in (models.Meeting, models.AgendaItem, models.MeetingDocument):
            watch_public_model(model)
