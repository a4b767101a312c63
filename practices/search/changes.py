"""The index change log: how every process's facet index hears of committed changes.

Every change to what the facet index holds appends a row to `PracticeIndexChange` in the same
transaction as the change, so that a process sees exactly the changes that were committed
(`index.IndexHolder` reads the rows it has not taken in yet). A row without a practice asks
every process to rebuild its index whole (reference data changed).

The search signals (`signals`) are the one path by which ORM writes reach the log; loaders
that write in bulk, and so send no signals, call `practices_changed()` themselves.

The log is pruned by `prune_changes()` (the `prune_index_changes` command). It always keeps
its newest row, so that a process that fell behind the pruned range can tell and rebuild.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from pfp.core import generation
from practices.models import PracticeIndexChange

from .document import refresh_search_columns

# How long pruning keeps the log by default: far longer than any transaction runs, so that a
# change committed late is still read before it is pruned.
DEFAULT_KEEP = timedelta(days=7)


def record_changes(practice_ids):
    """Note, inside the current transaction, that what visitors see of these practices
    changed: the facet indexes take them in, and cached public pages go stale."""
    PracticeIndexChange.objects.bulk_create(
        [PracticeIndexChange(practice_id=practice_id) for practice_id in set(practice_ids)]
    )
    generation.bump()


def record_full_rebuild():
    """Note that reference data changed: every process rebuilds its index."""
    PracticeIndexChange.objects.create(practice_id=None)
    generation.bump()


def practices_changed(practice_ids):
    """For writes that send no signals (bulk loads): refresh the search columns of these
    practices and log the change, in one transaction."""
    ids = list(practice_ids)
    with transaction.atomic():
        refresh_search_columns(ids)
        record_changes(ids)


def prune_changes(*, keep=DEFAULT_KEEP):
    """Delete the change log's rows older than `keep`, never its newest row; returns how many.

    Rows are deleted by id, up to the newest row old enough, so that what remains is every
    row above a boundary: a process whose floor lies below the oldest row kept rebuilds.
    """
    newest = PracticeIndexChange.objects.aggregate(newest=Max("id"))["newest"]
    if newest is None:
        return 0
    boundary = PracticeIndexChange.objects.filter(created_at__lt=timezone.now() - keep).aggregate(
        boundary=Max("id")
    )["boundary"]
    if boundary is None:
        return 0
    deleted, _by_model = PracticeIndexChange.objects.filter(
        id__lte=min(boundary, newest - 1)
    ).delete()
    return deleted
