from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "pfp.taxonomy"
    label = "taxonomy"
    verbose_name = _("Reference data")

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
