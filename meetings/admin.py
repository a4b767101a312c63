import csv
import datetime

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from pfp.accounts.roles import is_moderator
from pfp.core import uploads
from pfp.core.admin import ReadOnlyAdmin
from pfp.core.spreadsheets import formula_safe

from . import services
from .models import AgendaItem, Meeting, MeetingDocument, Registration


# Stacked inlines, as for practices: Django's tabular inline has header cells with no text,
# which screen readers announce as blank and axe reports.
class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["practices", "calls"]


class MeetingDocumentForm(uploads.CheckedFileForm):
    """Documents pass the same content checks as practice attachments."""

    class Meta:
        model = MeetingDocument
        fields = ["title", "kind", "file", "position"]


class MeetingDocumentInline(admin.StackedInline):
    model = MeetingDocument
    form = MeetingDocumentForm
    extra = 0


class RegistrationInline(admin.StackedInline):
    """Who registered, read-only: people register and cancel themselves, on the site."""

    model = Registration
    extra = 0
    fields = ["user", "email", "status", "position", "organization", "access_needs", "created_at"]
    readonly_fields = fields
    can_delete = False
    ordering = ["status", "position", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("email address"))
    def email(self, registration):
        return registration.user.email


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "summit", "start", "format", "registration_open", "published"]
    list_filter = ["published", "format", "registration_open", "summit"]
    search_fields = ["title", "place"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["summit"]
    date_hierarchy = "start"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [AgendaItemInline, MeetingDocumentInline, RegistrationInline]
    actions = ["export_participants"]
    fieldsets = [
        (None, {"fields": ["summit", "title", "slug", "description", "published"]}),
        (_("When"), {"fields": ["start", "end", "time_zone"]}),
        (_("Where"), {"fields": ["format", "place", "online_url"]}),
        (_("Registration"), {"fields": ["registration_open", "capacity"]}),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and "capacity" in form.changed_data:
            # Staff raised the capacity: the waiting list moves up into the new seats.
            with transaction.atomic():
                meeting = Meeting.objects.select_for_update().get(pk=form.instance.pk)
                services.fill_free_seats(meeting=meeting)

    def has_export_participants_permission(self, request):
        return is_moderator(request.user) or request.user.has_perm("meetings.view_registration")

    @admin.action(
        description=_("Export the participants of the selected meetings as CSV"),
        permissions=["export_participants"],
    )
    def export_participants(self, request, queryset):
        registrations = (
            Registration.objects.filter(meeting__in=queryset)
            .exclude(status=Registration.Status.CANCELLED)
            .select_related("meeting", "user__membership__organization")
            .order_by("meeting__start", "meeting_id", "status", "position", "created_at")
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="participants-{stamp}.csv"'
        writer = csv.writer(response)
        writer.writerow(
            [
                "meeting",
                "meeting_start_utc",
                "name",
                "email",
                "organization",
                "status",
                "waiting_list_number",
                "registered_at_utc",
                "organization_given",
                "access_needs",
            ]
        )
        for registration in registrations:
            user = registration.user
            membership = getattr(user, "membership", None)
            writer.writerow(
                [
                    _safe(registration.meeting.title),
                    registration.meeting.start.astimezone(datetime.UTC).isoformat(),
                    _safe(user.get_full_name()),
                    _safe(user.email),
                    _safe(membership.organization.name if membership else ""),
                    registration.status,
                    registration.position or "",
                    registration.created_at.astimezone(datetime.UTC).isoformat(),
                    _safe(registration.organization),
                    _safe(registration.access_needs),
                ]
            )
        return response


def _safe(value):
    """Spreadsheets run a cell starting with = + - @ as a formula: keep it text."""
    return formula_safe(str(value or ""))


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    """A searchable list of registrations for staff; changed only by people on the site."""

    list_display = ["user", "meeting", "status", "position", "organization", "created_at"]
    list_filter = ["status", "meeting"]
    search_fields = ["user__email", "meeting__title"]
    list_select_related = ["user", "meeting"]
