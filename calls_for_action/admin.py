"""Calls for action in the admin: the same review queue, decisions and log as practices
(`ReviewAdminMixin`). Offers are read-only for moderators: they belong to their organization
and the call's government."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from pfp.accounts.roles import is_moderator
from pfp.moderation.admin import ReviewAdminMixin

from .models import CallForAction, Offer
from .services import CALL_FIELDS, CALL_M2M_FIELDS


@admin.register(CallForAction)
class CallForActionAdmin(ReviewAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "government", "review_state", "queue_time_display", "deadline"]
    list_filter = [
        "review_state",
        "kind",
        "status",
        ("government", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["government"]
    search_fields = ["title", "description", "government__name"]
    readonly_fields = [
        "review_state",
        "status",
        "version",
        "published_at",
        "fulfilled_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["government", "sdg_targets", "gcm_objectives", "countries"]
    checkbox_fields = ["thematic_areas", "partner_types", "related_practices"]
    review_diff_fields = [*CALL_FIELDS, *CALL_M2M_FIELDS]
    history_list_display = ["review_state", "version"]

    class Media:
        js = ["moderation/admin_autocomplete_labels.js"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.checkbox_fields:
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_add_permission(self, request):
        # Calls are created by the focal points of their government, never for them.
        return request.user.is_active and request.user.is_superuser

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_published else None

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


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["call", "organization", "kind", "status", "created_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["call", "organization"]
    search_fields = ["call__title", "organization__name"]
    readonly_fields = [
        "call",
        "organization",
        "created_by",
        "kind",
        "message",
        "contact_name",
        "contact_email",
        "contact_phone",
        "status",
        "answer",
        "answered_by",
        "answered_at",
        "created_at",
        "updated_at",
    ]
    fields = readonly_fields

    def has_view_permission(self, request, obj=None):
        return is_moderator(request.user)

    def has_module_permission(self, request):
        return is_moderator(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
