"""Every change to a practice is noted in the index change log, in the same transaction.

Write paths also call `search_index.practices_changed()` to refresh search columns; these
signals make sure the facet index hears of any change, including one made in a shell.
"""

import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .models import Practice, PracticeRoundtable
from .search_index import record_changes, refresh_search_columns

_pending = threading.local()


def _refresh_after_commit(practice_ids):
    """Refresh the search columns of changed practices once their transaction commits.

    Saves and relation changes come one by one (a practice, then its countries, then its
    themes …): the ids are gathered and refreshed once, after the commit, when every
    relation is in place. An admin edit or a shell edit is thus searchable as it stands.
    """
    connection = transaction.get_connection()
    flush = getattr(_pending, "flush", None)
    # A rolled-back transaction drops its callbacks: then start a new batch.
    if flush is None or not any(item[1] is flush for item in connection.run_on_commit):
        ids = set(practice_ids)

        def flush():
            _pending.flush = None
            existing = list(Practice.objects.filter(id__in=ids).values_list("id", flat=True))
            if existing:
                refresh_search_columns(existing)

        flush.ids = ids
        _pending.flush = flush
        transaction.on_commit(flush)
    else:
        flush.ids.update(practice_ids)


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
def practice_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    record_changes([instance.pk])
    # Saving only the search columns is the refresh itself: nothing more to refresh.
    if update_fields is None or not set(update_fields) <= {"search_document"}:
        _refresh_after_commit([instance.pk])


@receiver(post_save, sender=PracticeRoundtable)
@receiver(post_delete, sender=PracticeRoundtable)
def practice_roundtable_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        record_changes([instance.practice_id])


def practice_relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    ids = [instance.pk] if not reverse else list(pk_set or [])
    if ids:
        record_changes(ids)
        _refresh_after_commit(ids)


for field_name in M2M_FIELDS:
    m2m_changed.connect(
        practice_relation_changed,
        sender=getattr(Practice, field_name).through,
        dispatch_uid=f"practice-index-{field_name}",
    )
