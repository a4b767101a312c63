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
    # When it last moved: the Last-Modified of the open API's answers.
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("public generation")
        verbose_name_plural = _("public generation")

    def __str__(self):
        return str(self.value)


class ListedItem(models.Model):
    """A titled item shown in the order its `position` gives: a practice's links and
    attachments, a meeting's documents."""

    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class CheckedUpload(ListedItem):
    """A listed item with an uploaded `file` (declared by each model, with its own upload
    path), whose content type and size `uploads.CheckedFileForm` records from the checked
    content."""

    content_type = models.CharField(_("content type"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)

    class Meta(ListedItem.Meta):
        abstract = True
