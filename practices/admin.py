"""Practices in the admin: the review queue, with decisions, diffs and full history.

The changelist is the moderators' queue (see `ReviewAdminMixin`). The review state is never a
form field: it changes through the workflow's decision pages only.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from pfp.moderation import diff
from pfp.moderation.admin import ReviewAdminMixin
from pfp.moderation.models import ReviewState

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
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class PracticeAttachmentInline(admin.StackedInline):
    model = PracticeAttachment
    extra = 0


class PracticeAdminForm(forms.ModelForm):
    """The change form, refusing to save over a change made since it was opened."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            return cleaned_data
        loaded = cleaned_data.get("loaded_version")
        # The race: a focal point saves, or another moderator decides, between this form being
        # opened and saved. The admin saves in one transaction; the row lock held from here
        # to the save makes the comparison and the save one step.
        current = (
            Practice.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if loaded is not None and current != loaded:
            raise forms.ValidationError(
                _(
                    "Someone changed this practice after you opened it. Open it again to see "
                    "their changes; nothing of yours was saved."
                ),
                code="stale_version",
            )
        return cleaned_data


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


@admin.register(Practice)
class PracticeAdmin(ReviewAdminMixin, SimpleHistoryAdmin):
    form = PracticeAdminForm
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
    readonly_fields = [
        "review_state",
        "update_of_display",
        "version",
        "published_at",
        "last_reviewed_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = [
        "government",
        "lead_countries",
        "other_countries",
        "partner_organizations",
        "sdg_targets",
        "gcm_objectives",
    ]
    # Six themes and seven partner types: check boxes, which every screen reader handles,
    # rather than Django's filter_horizontal widget (its search icons carry an aria-label on
    # a span without a role).
    checkbox_fields = ["thematic_areas", "partner_types"]
    inlines = [PracticeRoundtableInline, PracticeLinkInline, PracticeAttachmentInline]
    history_list_display = ["review_state", "version"]

    review_diff_fields = [*CONTENT_FIELDS, *M2M_FIELDS, "keywords"]

    class Media:
        # Names the search box of each autocomplete field after the field's label.
        js = ["moderation/admin_autocomplete_labels.js"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.checkbox_fields:
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("update of"))
    def update_of_display(self, obj):
        if not obj.update_of_id:
            return "—"
        url = reverse("admin:practices_practice_change", args=[obj.update_of_id])
        return format_html(
            '<a href="{}">{}</a>', url, _("Update of “%(title)s”") % {"title": obj.update_of}
        )

    def has_add_permission(self, request):
        # Practices are created by the focal points of their government, never for them.
        return request.user.is_active and request.user.is_superuser

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
        pending = obj.proposed_updates.filter(
            review_state__in=[ReviewState.DRAFT, ReviewState.SUBMITTED, ReviewState.RETURNED]
        ).first()
        if pending is not None:
            related.append(
                (
                    _("An update of this practice is in progress (%(state)s).")
                    % {"state": pending.get_review_state_display().lower()},
                    reverse("admin:practices_practice_change", args=[pending.pk]),
                )
            )
        return related

    def view_on_site(self, obj):
        # Only a published practice has a public page; a draft's address would be a 404.
        return obj.get_absolute_url() if obj.is_published else None

    # History is for reading: reverting a record would also restore its review state and
    # step around the workflow.
    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)
