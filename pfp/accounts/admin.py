from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import roles, selectors, services
from .forms import StaffSignInForm, check_invitable
from .models import Invitation, JoinRequest, Membership, Organization, User

# The admin's sign-in is under the per-account throttle too: staff accounts are the ones
# most worth guessing at.
admin.site.login_form = StaffSignInForm


class MembershipInline(admin.StackedInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "language"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (
            _("Important dates"),
            {"fields": ["last_login", "date_joined", "email_confirmed_at"]},
        ),
    ]
    readonly_fields = ["email_confirmed_at"]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    inlines = [MembershipInline]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "partner_type", "country", "verified", "created_at"]
    list_filter = ["verified", "partner_type"]
    search_fields = ["name"]
    autocomplete_fields = ["country"]
    list_select_related = ["partner_type", "country"]
    actions = ["verify"]

    @admin.action(description=_("Verify the selected organizations"), permissions=["verify"])
    def verify(self, request, queryset):
        count = services.organization_verify(organizations=queryset, acting_user=request.user)
        self.message_user(
            request,
            ngettext("%(count)d organization verified.", "%(count)d organizations verified.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def has_verify_permission(self, request):
        return roles.can_verify_organization(request.user) and self.has_change_permission(request)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "confirmed"]
    list_filter = ["role", "confirmed"]
    search_fields = ["user__email", "organization__name"]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "organization"]


class InvitationStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Invitation.Status.choices

    def queryset(self, request, queryset):
        if self.value() in Invitation.Status.values:
            return queryset.with_status(self.value())
        return queryset


class InvitationAdminForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "organization", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "language" in self.fields:
            # Left out of a post, the invitation is in the site's language.
            self.fields["language"].required = False

    def clean_language(self):
        return self.cleaned_data.get("language") or settings.LANGUAGE_CODE

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("email") and cleaned.get("organization"):
            try:
                check_invitable(cleaned["email"], cleaned["organization"])
            except forms.ValidationError as error:
                self.add_error("email", error)
        return cleaned


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Moderators invite focal points here, and confirm the colleagues focal points invite.

    Invitations awaiting confirmation come first. An invitation is never edited or deleted:
    it is revoked, or sent again.
    """

    form = InvitationAdminForm
    list_display = [
        "email",
        "organization",
        "status_label",
        "invited_by",
        "created_at",
        "expires_at",
    ]
    list_filter = [InvitationStatusFilter, "needs_confirmation"]
    search_fields = ["email", "organization__name"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization", "invited_by"]
    actions = ["confirm_and_send", "send_again", "revoke"]
    readonly_after_creation = [
        "email",
        "existing_account",
        "organization",
        "role",
        "language",
        "status_label",
        "invited_by",
        "needs_confirmation",
        "confirmed_by",
        "created_at",
        "sent_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    ]

    def get_ordering(self, request):
        awaits_confirmation = Case(
            When(sent_at=None, accepted_at=None, revoked_at=None, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        return [awaits_confirmation.desc(), "-created_at"]

    def get_fields(self, request, obj=None):
        return (
            ["email", "organization", "language"] if obj is None else self.readonly_after_creation
        )

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_after_creation

    @admin.display(description=_("status"))
    def status_label(self, obj):
        return obj.get_status_display()

    @admin.display(description=_("existing account"))
    def existing_account(self, obj):
        """For staff only: the focal point's form does not say whether an address has an
        account, so staff see here what an invitation would meet before confirming it."""
        try:
            check_invitable(obj.email, obj.organization)
        except forms.ValidationError as error:
            return " ".join(error.messages)
        user = selectors.user_with_email(obj.email)
        return _("An account with no organization: it can accept.") if user else _("None")

    def save_model(self, request, obj, form, change):
        if change:
            return
        invitation = services.invitation_create(
            email=obj.email,
            organization=obj.organization,
            acting_user=request.user,
            language=obj.language,
        )
        obj.pk = invitation.pk
        self.message_user(
            request,
            _("The invitation was sent to %(email)s.") % {"email": invitation.email},
            messages.SUCCESS,
        )

    def has_add_permission(self, request):
        return roles.is_moderator(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return roles.is_moderator(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def _act(self, request, queryset, service, done_message):
        count = sum(
            1 for invitation in queryset if service(invitation=invitation, acting_user=request.user)
        )
        self.message_user(request, done_message(count), messages.SUCCESS)

    @admin.action(
        description=_("Confirm and send the selected invitations"), permissions=["change"]
    )
    def confirm_and_send(self, request, queryset):
        self._act(
            request,
            queryset,
            services.invitation_confirm,
            lambda count: (
                ngettext(
                    "%(count)d invitation confirmed and sent.",
                    "%(count)d invitations confirmed and sent.",
                    count,
                )
                % {"count": count}
            ),
        )

    @admin.action(
        description=_("Send the selected invitations again, with a new expiry date"),
        permissions=["change"],
    )
    def send_again(self, request, queryset):
        self._act(
            request,
            queryset,
            services.invitation_resend,
            lambda count: (
                ngettext(
                    "%(count)d invitation sent again.", "%(count)d invitations sent again.", count
                )
                % {"count": count}
            ),
        )

    @admin.action(description=_("Revoke the selected invitations"), permissions=["change"])
    def revoke(self, request, queryset):
        self._act(
            request,
            queryset,
            services.invitation_revoke,
            lambda count: (
                ngettext("%(count)d invitation revoked.", "%(count)d invitations revoked.", count)
                % {"count": count}
            ),
        )


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    """Staff decide requests to join an organization here, as its confirmed members do on
    their page; organizations without a confirmed member depend on staff alone."""

    list_display = ["user", "organization", "status", "created_at", "decided_by", "decided_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "organization__name"]
    list_select_related = ["user", "organization", "decided_by"]
    readonly_fields = ["user", "organization", "status", "created_at", "decided_at", "decided_by"]
    actions = ["approve", "decline"]

    def get_ordering(self, request):
        pending = Case(
            When(status=JoinRequest.Status.PENDING, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        return [pending.desc(), "-created_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return roles.is_moderator(request.user) and super().has_change_permission(request, obj)

    def _decide(self, request, queryset, *, approve):
        count = sum(
            1
            for join_request in queryset.select_related("organization")
            if services.join_request_decide(
                join_request=join_request, acting_user=request.user, approve=approve
            )
        )
        message = (
            ngettext("%(count)d request approved.", "%(count)d requests approved.", count)
            if approve
            else ngettext("%(count)d request declined.", "%(count)d requests declined.", count)
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Approve the selected requests"), permissions=["change"])
    def approve(self, request, queryset):
        self._decide(request, queryset, approve=True)

    @admin.action(description=_("Decline the selected requests"), permissions=["change"])
    def decline(self, request, queryset):
        self._decide(request, queryset, approve=False)
