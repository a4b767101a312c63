"""A change to reference data (a renamed theme, a new country) rebuilds the facet indexes."""

from django.db.models.signals import post_delete, post_save

from practices.search_index import record_full_rebuild

from . import models

REFERENCE_MODELS = [
    models.SDGGoal,
    models.SDGTarget,
    models.GCMObjective,
    models.ThematicArea,
    models.PartnerType,
    models.Country,
    models.Summit,
    models.Roundtable,
]


def reference_data_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        record_full_rebuild()


for model in REFERENCE_MODELS:
    post_save.connect(
        reference_data_changed, sender=model, dispatch_uid=f"rebuild-{model.__name__}"
    )
    post_delete.connect(
        reference_data_changed, sender=model, dispatch_uid=f"rebuild-d-{model.__name__}"
    )
