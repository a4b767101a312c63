from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsForActionConfig(AppConfig):
    name = "calls_for_action"
    label = "calls_for_action"
    verbose_name = _("Calls for action")
