from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Practice, PracticeAttachment, PracticeLink, PracticeRoundtable


class PracticeRoundtableInline(admin.TabularInline):
    model = PracticeRoundtable
    extra = 0
    autocomplete_fields = ["roundtable"]


class PracticeLinkInline(admin.TabularInline):
    model = PracticeLink
    extra = 0


class PracticeAttachmentInline(admin.TabularInline):
    model = PracticeAttachment
    extra = 0


@admin.register(Practice)
class PracticeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "government", "review_state", "published_at", "last_reviewed_at"]
    list_filter = ["review_state", "practice_type", "thematic_areas"]
    search_fields = ["title", "summary"]
    readonly_fields = ["review_state", "published_at", "created_at", "updated_at"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = [
        "government",
        "lead_countries",
        "other_countries",
        "partner_organizations",
        "sdg_targets",
        "gcm_objectives",
    ]
    filter_horizontal = ["thematic_areas", "partner_types"]
    list_select_related = ["government"]
    inlines = [PracticeRoundtableInline, PracticeLinkInline, PracticeAttachmentInline]
