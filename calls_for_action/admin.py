"""Calls for action in the admin: the same review queue, decisions, log and stale-version
check as practices (`ReviewAdminMixin`). Offers are read-only for moderators: they belong to
their organization and the call's government."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pfp.accounts.roles import is_moderator
from pfp.core.admin import ReadOnlyAdmin
from pfp.moderation.admin import ReviewableAdminForm, ReviewAdminMixin

from . import selectors
from .models import CallForAction, Offer
from .services import CALL_FIELDS, CALL_M2M_FIELDS


class CallAdminForm(ReviewableAdminForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "deadline" in self.fields:
            # Empty on a draft only: a moderator never takes a call's deadline away.
            self.fields["deadline"].required = True


@admin.register(CallForAction)
class CallForActionAdmin(ReviewAdminMixin, SimpleHistoryAdmin):
    form = CallAdminForm
    list_display = ["title", "government", "review_state", "queue_time_display", "deadline"]
    list_filter = [
        "review_state",
        "kind",
        "status",
        ("government", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["government"]
    search_fields = ["title", "description", "government__name"]
    readonly_fields = ["status", "fulfilled_at"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["government", "sdg_targets", "gcm_objectives", "countries"]
    checkbox_fields = ["thematic_areas", "partner_types", "related_practices"]
    review_diff_fields = [*CALL_FIELDS, *CALL_M2M_FIELDS]
    review_preview_template = "admin/calls_for_action/review_preview.html"

    def review_preview_context(self, request, obj):
        return selectors.call_page(call=obj)


@admin.register(Offer)
class OfferAdmin(ReadOnlyAdmin):
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
