from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Country,
    GCMObjective,
    PartnerType,
    Region,
    Roundtable,
    SDGGoal,
    SDGTarget,
    SearchVariant,
    Summit,
    ThematicArea,
)


class SDGTargetInline(admin.TabularInline):
    model = SDGTarget
    fields = ["code", "text", "is_explicit_migration", "migration_topic"]
    extra = 0


@admin.register(SDGGoal)
class SDGGoalAdmin(admin.ModelAdmin):
    list_display = ["number", "short_title", "color"]
    search_fields = ["short_title", "title"]
    inlines = [SDGTargetInline]


@admin.register(SDGTarget)
class SDGTargetAdmin(admin.ModelAdmin):
    list_display = ["code", "goal", "is_explicit_migration", "short_text"]
    list_filter = ["is_explicit_migration", "goal"]
    search_fields = ["code", "text"]
    list_select_related = ["goal"]

    @admin.display(description=_("text"))
    def short_text(self, target):
        return target.text[:100]


@admin.register(GCMObjective)
class GCMObjectiveAdmin(admin.ModelAdmin):
    list_display = ["number", "short_name"]
    search_fields = ["short_name", "title"]


@admin.register(ThematicArea)
class ThematicAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PartnerType)
class PartnerTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "level", "parent", "m49", "aliases", "position"]
    list_filter = ["level"]
    search_fields = ["name", "aliases"]
    list_select_related = ["parent"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "iso3", "region", "subregion", "un_member", "un_observer"]
    list_filter = ["region", "m49_subregion", "un_member", "un_observer"]
    search_fields = ["name", "code", "iso3"]


class RoundtableInline(admin.TabularInline):
    model = Roundtable
    fields = ["identifier", "number", "title", "level", "parent", "position"]
    extra = 0
    show_change_link = True


@admin.register(Summit)
class SummitAdmin(admin.ModelAdmin):
    list_display = ["year", "number", "chair_country", "city", "verified"]
    list_filter = ["verified", "format"]
    search_fields = ["city", "theme", "chair_label"]
    autocomplete_fields = ["chair_country"]
    inlines = [RoundtableInline]


@admin.register(Roundtable)
class RoundtableAdmin(admin.ModelAdmin):
    list_display = ["identifier", "summit", "level", "title"]
    list_filter = ["level", "summit"]
    search_fields = ["identifier", "title"]
    list_select_related = ["summit__chair_country"]
    autocomplete_fields = ["parent"]
    filter_horizontal = ["themes"]


class SearchVariantForm(forms.ModelForm):
    """Terms in plain text areas, one per line, or on one line separated by commas.

    Not stripped, and shown with a final line break: a saved single term that holds a comma
    ("Korea, Republic of") comes back on its own line, so that saving again does not split it.
    """

    class Meta:
        model = SearchVariant
        fields = ["kind", "terms", "also_finds", "note", "is_active"]
        widgets = {
            "terms": forms.Textarea(attrs={"rows": 6, "cols": 60}),
            "also_finds": forms.Textarea(attrs={"rows": 3, "cols": 60}),
            "note": forms.Textarea(attrs={"rows": 3, "cols": 60}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("terms", "also_finds"):
            self.fields[name].strip = False
            if self.instance.pk and getattr(self.instance, name):
                self.initial[name] = getattr(self.instance, name) + "\n"


@admin.register(SearchVariant)
class SearchVariantAdmin(admin.ModelAdmin):
    form = SearchVariantForm
    list_display = ["term_summary", "also_finds_summary", "kind", "direction", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["terms", "also_finds", "note"]
    readonly_fields = ["created_at", "updated_at"]
    fields = ["kind", "terms", "also_finds", "note", "is_active", "created_at", "updated_at"]

    @admin.display(description=_("terms"), ordering="terms")
    def term_summary(self, variant):
        return ", ".join(variant.term_list)

    @admin.display(description=_("also finds (one way)"))
    def also_finds_summary(self, variant):
        return ", ".join(variant.also_finds_list)

    @admin.display(description=_("direction"))
    def direction(self, variant):
        return _("both ways") if variant.is_both_ways else _("one way")
