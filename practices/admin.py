"""Practices in the admin: the review queue, with decisions, diffs and full history.

The changelist is the moderators' queue (see `ReviewAdminMixin`). The review state is never a
form field: it changes through the workflow's decision pages only.
"""

from django.contrib import admin, messages
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from simple_history.admin import SimpleHistoryAdmin

from pfp.accounts.roles import is_moderator
from pfp.core import uploads
from pfp.moderation import diff
from pfp.moderation.admin import ReviewableAdminForm, ReviewAdminMixin
from pfp.moderation.models import IN_FLIGHT_STATES

from . import imports, report_admin, selectors
from .models import Practice, PracticeAttachment, PracticeLink, PracticeRoundtable
from .services import CONTENT_FIELDS, M2M_FIELDS


# Stacked rather than tabular: Django's tabular inline has header cells with no text (the
# "original" column, and the delete column for users who may not delete), which screen
# readers announce as blank and axe reports.
class PracticeRoundtableInline(admin.StackedInline):
    model = PracticeRoundtable
    extra = 0
    autocomplete_fields = ["roundtable"]


class PracticeLinkInline(admin.StackedInline):
    model = PracticeLink
    fields = ["title", "url", "position"]
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class PracticeAttachmentForm(uploads.CheckedFileForm):
    class Meta:
        model = PracticeAttachment
        fields = ["title", "file", "position"]


class PracticeAttachmentInline(admin.StackedInline):
    """Attachments added by staff pass the same content checks as the focal points' own."""

    model = PracticeAttachment
    form = PracticeAttachmentForm
    extra = 0


class IsUpdateFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [("new", _("New practices")), ("update", _("Proposed updates"))]

    def queryset(self, request, queryset):
        if self.value() == "new":
            return queryset.filter(update_of__isnull=True)
        if self.value() == "update":
            return queryset.filter(update_of__isnull=False)
        return queryset


class PracticeAdminForm(ReviewableAdminForm):
    def clean_image(self):
        """A picture set by staff passes the same checks as a focal point's."""
        image = self.cleaned_data.get("image")
        fresh = image and image is not getattr(self.instance, "image", None)
        if fresh and hasattr(image, "content_type"):
            image.name = uploads.check_image(image).storage_name
        return image


@admin.register(Practice)
class PracticeAdmin(ImportExportMixin, ReviewAdminMixin, SimpleHistoryAdmin):
    form = PracticeAdminForm
    # Import and export (practices/imports.py): upload, a dry run row by row, then confirm.
    resource_classes = [imports.PracticeResource]
    formats = [base_formats.CSV, base_formats.XLSX]
    # The list's tools: the report builder beside import-export's Import and Export buttons,
    # shown whether or not the user may add a practice (moderators may not).
    import_export_change_list_template = "admin/practices/practice/change_list.html"
    import_form_class = imports.PracticeImportForm
    confirm_form_class = imports.PracticeConfirmImportForm
    import_template_name = "admin/practices/practice/import.html"
    # Plain messages only: a traceback tells staff nothing and visitors too much.
    import_error_display = ("message",)
    list_display = [
        "title",
        "government",
        "review_state",
        "queue_time_display",
        "update_of_display",
    ]
    list_filter = [
        "review_state",
        ("government", admin.RelatedOnlyFieldListFilter),
        "thematic_areas",
        IsUpdateFilter,
        "practice_type",
    ]
    list_select_related = ["government", "update_of"]
    search_fields = ["title", "summary", "government__name"]
    readonly_fields = ["update_of_display", "last_reviewed_at"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = [
        "government",
        "lead_countries",
        "other_countries",
        "partner_organizations",
        "sdg_targets",
        "gcm_objectives",
    ]
    # Six themes and seven partner types.
    checkbox_fields = ["thematic_areas", "partner_types"]
    inlines = [PracticeRoundtableInline, PracticeLinkInline, PracticeAttachmentInline]

    review_diff_fields = [*CONTENT_FIELDS, *M2M_FIELDS, "keywords"]
    review_preview_template = "admin/practices/review_preview.html"

    def get_urls(self):
        report = self.admin_site.admin_view(self.report_view)
        return [path("report/", report, name="practices_practice_report"), *super().get_urls()]

    def report_view(self, request):
        """The report builder (practices/report_admin.py)."""
        return report_admin.report_view(self, request)

    def has_import_permission(self, request):
        """Only moderators who may add and change practices import them."""
        # Not has_add_permission(): the admin's own add form stays closed to moderators
        # (items are made by governments); an import brings over what governments made.
        user = request.user
        return (
            is_moderator(user)
            and user.has_perm("practices.add_practice")
            and user.has_perm("practices.change_practice")
        )

    def has_export_permission(self, request):
        return request.user.is_staff and self.has_view_permission(request)

    def process_import(self, request, **kwargs):
        # The confirmation names the file the dry run stored; one that is gone (confirmed
        # twice, cleaned away, or a forged name) is a message, not a server error.
        try:
            return super().process_import(request, **kwargs)
        except (FileNotFoundError, IsADirectoryError):
            messages.error(
                request,
                _("The uploaded file is no longer there: upload it again for a new dry run."),
            )
            return HttpResponseRedirect(reverse("admin:practices_practice_import"))

    def get_import_resource_kwargs(self, request, **kwargs):
        cleaned = getattr(kwargs.get("form"), "cleaned_data", None) or {}
        return {
            "mode": cleaned.get("mode", imports.ImportMode.DRAFT),
            "source": cleaned.get("source", ""),
            "actor": request.user,
        }

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["mode"] = import_form.cleaned_data["mode"]
            initial["source"] = import_form.cleaned_data["source"]
        return initial

    def review_preview_context(self, request, obj):
        return selectors.practice_page(practice=obj)

    def review_lacks(self, obj):
        return selectors.practice_lacks(obj)

    @admin.display(description=_("update of"))
    def update_of_display(self, obj):
        if not obj.update_of_id:
            return "—"
        url = reverse("admin:practices_practice_change", args=[obj.update_of_id])
        return format_html(
            '<a href="{}">{}</a>', url, _("Update of “%(title)s”") % {"title": obj.update_of}
        )

    def get_comparison(self, obj):
        return diff.compare_item(
            obj,
            fields=self.review_diff_fields,
            extra_relations={
                _("GFMD roundtables"): lambda practice: [
                    f"{link.roundtable} ({link.get_presentation_display()})"
                    for link in PracticeRoundtable.objects.filter(practice=practice).select_related(
                        "roundtable__summit"
                    )
                ],
                _("links"): lambda practice: [
                    f"{link.title} <{link.url}>" for link in practice.links.all()
                ],
                _("attachments"): lambda practice: [
                    f"{attachment.title} ({attachment.file.name})"
                    for attachment in practice.attachments.all()
                ],
            },
        )

    def review_related(self, request, obj):
        related = []
        if obj.update_of_id:
            related.append(
                (
                    _("This is a proposed update of the published practice “%(title)s”.")
                    % {"title": obj.update_of},
                    reverse("admin:practices_practice_change", args=[obj.update_of_id]),
                )
            )
        pending = obj.proposed_updates.filter(review_state__in=IN_FLIGHT_STATES).first()
        if pending is not None:
            related.append(
                (
                    _("An update of this practice is in progress (%(state)s).")
                    % {"state": pending.get_review_state_display().lower()},
                    reverse("admin:practices_practice_change", args=[pending.pk]),
                )
            )
        return related
