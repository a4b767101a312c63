"""The public-change generation: what cached public pages are keyed on.

Core provides the mechanism and knows no content app. A content app moves the generation
with `bump()` inside the transaction that changes what visitors see (practices do so from
their search signals, only for changes to published practices), or has every save and
delete of a model move it with `pfp.core.signals.watch_public_model()`.
"""

from django.db.models import F

from .models import PublicGeneration

ROW = 1


def current():
    """The generation now (0 before anything public changed)."""
    return PublicGeneration.objects.filter(pk=ROW).values_list("value", flat=True).first() or 0


def bump():
    """Move the generation, as part of the current transaction."""
    if not PublicGeneration.objects.filter(pk=ROW).update(value=F("value") + 1):
        PublicGeneration.objects.get_or_create(pk=ROW)
        PublicGeneration.objects.filter(pk=ROW).update(value=F("value") + 1)
