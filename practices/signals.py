"""Every change to a practice is noted in the index change log, in the same transaction.

Write paths also call `search_index.practices_changed()` to refresh search columns; these
signals make sure the facet index hears of any change, including one made in a shell.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .models import Practice, PracticeRoundtable
from .search_index import record_changes

M2M_FIELDS = [
    "thematic_areas",
    "sdg_targets",
    "gcm_objectives",
    "lead_countries",
    "other_countries",
    "partner_organizations",
    "partner_types",
]


@receiver(post_save, sender=Practice)
@receiver(post_delete, sender=Practice)
def practice_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        record_changes([instance.pk])


@receiver(post_save, sender=PracticeRoundtable)
@receiver(post_delete, sender=PracticeRoundtable)
def practice_roundtable_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        record_changes([instance.practice_id])


def practice_relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        record_changes([instance.pk])
    elif pk_set:
        record_changes(pk_set)


for field_name in M2M_FIELDS:
    m2m_changed.connect(
        practice_relation_changed,
        sender=getattr(Practice, field_name).through,
        dispatch_uid=f"practice-index-{field_name}",
    )
