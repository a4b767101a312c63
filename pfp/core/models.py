from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicGeneration(models.Model):
    """One row: a number that moves with every committed change to what visitors see.

    Cached public pages are keyed on it (`pfp.core.page_cache`): moving it makes every cached
    page stale at once, in every process, without having to find and delete keys. It is
    moved by an update of the row inside the changing transaction, so that it moves exactly
    when the change commits.
    """

    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("public generation")
        verbose_name_plural = _("public generation")

    def __str__(self):
        return str(self.value)
