"""The public-change generation: what cached public pages are keyed on.

Core provides the mechanism and knows no content app. A content app moves the generation
with `bump()` inside the transaction that changes what visitors see (practices do so from
their search signals, only for changes to published practices), or has every save and
delete of a model move it with `pfp.core.signals.watch_public_model()`.
"""

from django.db.models import F
from django.utils import timezone

from .models import PublicGeneration

ROW = 1


def current():
    """The generation now (0 before anything public changed)."""
    return PublicGeneration.objects.filter(pk=ROW).values_list("value", flat=True).first() or 0


def current_with_time():
    """(generation, when it last moved or None) in one query."""
    row = PublicGeneration.objects.filter(pk=ROW).values_list("value", "changed_at").first()
    return row or (0, None)


def bump():
    """Move the generation, as part of the current transaction."""
    moved = {"value": F("value") + 1, "changed_at": timezone.now()}
    if not PublicGeneration.objects.filter(pk=ROW).update(**moved):
        PublicGeneration.objects.get_or_create(pk=ROW)
        PublicGeneration.objects.filter(pk=ROW).update(**moved)
