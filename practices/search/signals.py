"""The one path by which a change to practices reaches search and the public generation.

However a practice changes (a write path, the admin, a shell), its save, delete and relation
signals land here. A change to what visitors see (a practice published now, or published
before the change) is, in the same transaction, logged for the facet indexes and moves the
public page-cache generation (`changes.record_changes`); its search columns are refreshed once
the transaction commits, when every relation is in place. A change to a draft, a returned or
a submitted practice moves nothing public.

A change to reference data makes every facet index rebuild (`changes.record_full_rebuild`);
a change to a country or an M49 area also refreshes the search columns of the practices whose
documents name it.
"""

import threading

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from taggit.models import TaggedItem

from pfp.moderation.models import ReviewState
from pfp.taxonomy.models import Country, Region
from pfp.taxonomy.signals import REFERENCE_MODELS
from practices.fields import WATCHED_RELATIONS
from practices.models import Practice, PracticeRoundtable

from .changes import record_changes, record_full_rebuild
from .document import refresh_search_columns

# Saving only these is the refresh itself.
SEARCH_COLUMNS = {"search_document", "search_postings"}

_pending = threading.local()


def _pending_ids():
    if not hasattr(_pending, "ids"):
        _pending.ids = set()
    return _pending.ids


def _refresh_after_commit(practice_ids):
    """Refresh the search columns of changed practices once their transaction commits.

    Saves and relation changes come one by one (a practice, then its countries, then its
    themes …): the ids are gathered, and the first callback to run after the commit refreshes
    them all, the others finding nothing left to do. Ids gathered in a transaction that rolled
    back are refreshed with the next commit, which reads them as they stand.
    """
    _pending_ids().update(practice_ids)
    transaction.on_commit(_refresh_pending)


def _refresh_pending():
    ids = _pending_ids()
    if not ids:
        return
    _pending.ids = set()
    with transaction.atomic():
        existing = list(Practice.objects.filter(id__in=ids).values_list("id", flat=True))
        if existing:
            refresh_search_columns(existing)
            # The text indexes read the new postings: logged again, now that they are written.
            published = list(
                Practice.objects.published().filter(id__in=existing).values_list("id", flat=True)
            )
            if published:
                record_changes(published)


def _public_change(practice_ids):
    record_changes(practice_ids)
    _refresh_after_commit(practice_ids)


def _remember_state(sender, instance, **kwargs):
    """Note the review state a practice was loaded with: was it public before the change?"""
    if "review_state" in instance.__dict__:
        instance._search_loaded_state = instance.review_state


def _was_or_is_public(instance):
    loaded = getattr(instance, "_search_loaded_state", None)
    return ReviewState.PUBLISHED in (loaded, instance.review_state)


def practice_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and set(update_fields) <= SEARCH_COLUMNS):
        return
    if _was_or_is_public(instance):
        _public_change([instance.pk])
    instance._search_loaded_state = instance.review_state


def practice_deleted(sender, instance, **kwargs):
    if _was_or_is_public(instance):
        record_changes([instance.pk])


def practice_relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        if _was_or_is_public(instance):
            _public_change([instance.pk])
        return
    # From the other side (a country's practices changed): the practices named.
    if pk_set:
        published = Practice.objects.published().filter(pk__in=pk_set)
        ids = list(published.values_list("pk", flat=True))
        if ids:
            _public_change(ids)


def practice_keywords_changed(sender, instance, action, **kwargs):
    """Taggit sends the tag changes of every tagged model; only a practice's matter here."""
    relation_changed = action in ("post_add", "post_remove", "post_clear")
    if relation_changed and isinstance(instance, Practice) and _was_or_is_public(instance):
        _public_change([instance.pk])


def practice_roundtable_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if Practice.objects.published().filter(pk=instance.practice_id).exists():
        record_changes([instance.practice_id])


def reference_data_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        record_full_rebuild()


def place_names_changed(sender, instance, raw=False, **kwargs):
    """A country or an M49 area renamed, given an informal name or moved: the practices
    whose search documents name it are refreshed once the change commits."""
    if raw:
        return
    if isinstance(instance, Region):
        countries = Country.objects.filter(
            Q(m49_subregion=instance)
            | Q(m49_intermediate_region=instance)
            | Q(m49_subregion__parent=instance)
        )
    else:
        countries = Country.objects.filter(pk=instance.pk)
    ids = list(
        Practice.objects.filter(Q(lead_countries__in=countries) | Q(other_countries__in=countries))
        .distinct()
        .values_list("id", flat=True)
    )
    if ids:
        _refresh_after_commit(ids)


def connect():
    post_init.connect(_remember_state, sender=Practice, dispatch_uid="search-practice-init")
    post_save.connect(practice_saved, sender=Practice, dispatch_uid="search-practice-save")
    post_delete.connect(practice_deleted, sender=Practice, dispatch_uid="search-practice-delete")
    for signal in (post_save, post_delete):
        signal.connect(
            practice_roundtable_changed,
            sender=PracticeRoundtable,
            dispatch_uid=f"search-roundtable-{signal is post_save}",
        )
    for field_name in WATCHED_RELATIONS:
        m2m_changed.connect(
            practice_relation_changed,
            sender=getattr(Practice, field_name).through,
            dispatch_uid=f"search-practice-{field_name}",
        )
    # Keywords are tags: taggit sends its relation changes from the tagged-item table.
    m2m_changed.connect(
        practice_keywords_changed, sender=TaggedItem, dispatch_uid="search-practice-keywords"
    )
    for model in REFERENCE_MODELS:
        for signal in (post_save, post_delete):
            signal.connect(
                reference_data_changed,
                sender=model,
                dispatch_uid=f"search-reference-{model.__name__}-{signal is post_save}",
            )
    for model in (Country, Region):
        post_save.connect(
            place_names_changed, sender=model, dispatch_uid=f"search-names-{model.__name__}"
        )
