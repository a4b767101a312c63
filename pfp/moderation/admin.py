"""The review workflow in the admin: a queue, decision pages, bulk decisions and a diff.

`ReviewAdminMixin` is put in front of the ModelAdmin of every reviewable model (practices and
calls for action). It gives each of them the same queue, decision pages and log, and the same
change form, `ReviewableAdminForm`, which refuses to save over a version that someone changed
after the form was opened. Every decision goes through `workflow.perform`; the buttons shown
are those `workflow.get_actions` returns, so the admin never offers what the server would
refuse. Review states and versions are never form fields, and history is read-only: reverting
a record would also restore its review state and step around the workflow.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    DateTimeField,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from pfp.accounts.roles import is_moderator
from pfp.core.admin import ReadOnlyAdmin

from . import diff, workflow
from .models import ModerationLogEntry, ReviewState

# What each decision means, shown on its confirmation page.
CONSEQUENCES = {
    "publish": _("It becomes public on the site. The focal points of its government are told."),
    "return": _(
        "Its government gets it back to edit, with your comment on top. Its focal points are "
        "told by email, with your comment."
    ),
    "reject": _("It will not be published. Its focal points are told by email, with your reason."),
    "unpublish": _(
        "It is taken off the public site; the record is kept and can be submitted again. Its "
        "focal points are told."
    ),
    "submit": _("It goes to the review queue."),
    "withdraw": _("It leaves the review queue; the record is kept."),
}
UPDATE_CONSEQUENCES = {
    "publish": _(
        "The published version takes this text at once, and keeps its address. The focal "
        "points of its government are told."
    ),
}


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the focal points"),
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        required=False,
    )

    def __init__(self, *args, needs_comment=False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["comment"]
        field.required = needs_comment
        if needs_comment:
            field.help_text = _("Required: say what to change, or why. The focal points read it.")
        else:
            field.help_text = _("Optional. The focal points read it.")
        field.error_messages["required"] = _("Say why in a comment: the submitter reads it.")


class BulkReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the focal points"),
        help_text=_("Required: the same comment goes with each practice returned."),
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        error_messages={"required": _("Say why in a comment: the submitter reads it.")},
    )


class ReviewableAdminForm(forms.ModelForm):
    """The change form of a reviewable item, refusing to save over a change made since it was
    opened (by its focal points, by another moderator's decision or edit)."""

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
            type(self.instance)
            ._default_manager.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if loaded is not None and current != loaded:
            raise forms.ValidationError(
                _(
                    "Someone changed this %(item)s after you opened it. Open it again to see "
                    "their changes; nothing of yours was saved."
                )
                % {"item": self.instance._meta.verbose_name},
                code="stale_version",
            )
        return cleaned_data


def last_submitted_subquery(model):
    """When each item was last submitted, from the moderation log."""
    return Subquery(
        ModerationLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=OuterRef("pk"),
            action="submit",
        )
        .order_by("-created_at", "-id")
        .values("created_at")[:1],
        output_field=DateTimeField(),
    )


class ReviewAdminMixin:
    """Put first in the bases of the ModelAdmin of a reviewable model."""

    form = ReviewableAdminForm
    # Fields compared with the published version, and relations read from live objects.
    review_diff_fields = []
    # Many-to-many fields with few choices: check boxes, which every screen reader handles,
    # rather than Django's filter_horizontal widget (its search icons carry an aria-label on
    # a span without a role).
    checkbox_fields = []
    history_list_display = ["review_state", "version"]
    # Shown, never edited: the workflow and the write paths move them.
    review_readonly_fields = [
        "review_state",
        "version",
        "published_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    # What the public page will show, rendered with `review_preview_context()`: the model's
    # admin names a template that includes the public detail page's own parts.
    review_preview_template = None
    change_form_template = "admin/moderation/change_form.html"
    review_action_template = "admin/moderation/review_action.html"
    review_compare_template = "admin/moderation/compare.html"
    bulk_return_template = "admin/moderation/bulk_return.html"
    actions = ["publish_selected", "return_selected"]

    # --- the queue ---------------------------------------------------------------------

    def _submitted_at(self):
        """When an item was last submitted: the latest "submit" entry of its moderation log
        (the moment its owner asked for review), else its last change (an imported item)."""
        return Coalesce(last_submitted_subquery(self.model), F("updated_at"))

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                queue_time=Case(
                    When(review_state=ReviewState.SUBMITTED, then=self._submitted_at()),
                    default=F("updated_at"),
                    output_field=DateTimeField(),
                )
            )
        )

    def get_ordering(self, request):
        """Submitted items first, oldest submission first; then the rest, latest change first.

        Expressions rather than annotation names: the admin orders its queryset before
        get_queryset() could annotate it.
        """
        is_submitted = Q(review_state=ReviewState.SUBMITTED)
        return [
            Case(
                When(is_submitted, then=Value(0)), default=Value(1), output_field=IntegerField()
            ).asc(),
            Case(
                When(is_submitted, then=self._submitted_at()),
                default=None,
                output_field=DateTimeField(),
            ).asc(),
            F("updated_at").desc(),
        ]

    @admin.display(description=_("submitted / updated"), ordering="queue_time")
    def queue_time_display(self, obj):
        time = date_format(obj.queue_time, "SHORT_DATETIME_FORMAT") if obj.queue_time else "—"
        if obj.review_state == ReviewState.SUBMITTED:
            return _("submitted %(time)s") % {"time": time}
        return _("updated %(time)s") % {"time": time}

    # --- permissions -------------------------------------------------------------------

    def has_moderate_permission(self, request, obj=None):
        return is_moderator(request.user)

    def has_add_permission(self, request):
        # Items are created by the focal points of their government, never for them.
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        # Nothing under review is deleted from the admin: it is unpublished or rejected, and
        # the record kept. Superusers keep the door open for data repairs.
        return request.user.is_active and request.user.is_superuser

    class Media:
        # Names the search box of each autocomplete field after the field's label.
        js = ["moderation/admin_autocomplete_labels.js"]

    # --- the change page ---------------------------------------------------------------

    def get_readonly_fields(self, request, obj=None):
        own = super().get_readonly_fields(request, obj)
        return [
            *self.review_readonly_fields,
            *(name for name in own if name not in self.review_readonly_fields),
        ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.checkbox_fields:
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def view_on_site(self, obj):
        # Only a published item has a public page; a draft's address would be a 404.
        return obj.get_absolute_url() if obj.is_published else None

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)

    # History is for reading: reverting a record would also restore its review state and
    # step around the workflow.
    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _url_name(self, view_name):
        return f"{self.opts.app_label}_{self.opts.model_name}_{view_name}"

    def _admin_url(self, view_name, *args):
        return reverse(
            f"admin:{self._url_name(view_name)}", args=args, current_app=self.admin_site.name
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/review/<slug:action_name>/",
                view(self.review_action_view),
                name=self._url_name("review"),
            ),
            path(
                "<path:object_id>/compare/",
                view(self.compare_view),
                name=self._url_name("compare"),
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if obj is not None:
            extra_context.update(self.review_context(request, obj))
            extra_context["review_preview"] = self.review_preview(request, obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def review_context(self, request, obj):
        """What the review panel shows: the state, the buttons, the log, related items, what
        the record lacks, and the changes against the published version when there is one
        (never on an item that was never published: there is nothing to compare)."""
        comparison = self.get_comparison(obj)
        return {
            "review_state": obj.get_review_state_display(),
            "review_actions": [
                {
                    "name": action.name,
                    "label": action.label,
                    "url": self._admin_url("review", obj.pk, action.name),
                    "is_danger": action.is_danger,
                }
                for action in workflow.get_actions(obj, request.user)
                if action.by == workflow.MODERATOR
            ],
            "review_log": [
                {"entry": entry, "label": workflow.action_label(entry.action)}
                for entry in workflow.history_of(obj)
            ],
            "review_comparison": comparison,
            "review_compare_url": (
                self._admin_url("compare", obj.pk) if comparison.has_baseline else None
            ),
            "review_related": self.review_related(request, obj),
            "review_lacks": self.review_lacks(obj),
        }

    def review_related(self, request, obj):
        """[(text, url)] of items the moderator should know about, e.g. a pending update."""
        return []

    def review_lacks(self, obj):
        """Labels of what the record lacks that a new submission must hold: a notice for the
        moderator, never a reason to refuse a decision (records imported from a report)."""
        return []

    def review_preview_context(self, request, obj):
        """The context of `review_preview_template`: what the public view would pass."""
        return {}

    def review_preview(self, request, obj):
        """The item as its public page will show it, as HTML, or "" without a template."""
        if self.review_preview_template is None:
            return ""
        return render_to_string(
            self.review_preview_template,
            self.review_preview_context(request, obj),
            request=request,
        )

    def _get_reviewable(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return None, self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj, None

    def _change_url(self, obj):
        return self._admin_url("change", obj.pk)

    def review_action_view(self, request, object_id, action_name):
        """Confirm one decision, with a comment; then take it through the workflow."""
        obj, redirect = self._get_reviewable(request, object_id)
        if redirect:
            return redirect
        action = workflow.ACTIONS.get(action_name)
        available = {a.name for a in workflow.get_actions(obj, request.user)}
        if action is None or action.by != workflow.MODERATOR or action.name not in available:
            if action is not None and not workflow.may_act(request.user, action, obj):
                raise PermissionDenied
            self.message_user(
                request,
                self._refusal_message(obj, action, action_name),
                messages.ERROR,
            )
            return HttpResponseRedirect(self._change_url(obj))

        form = DecisionForm(request.POST or None, needs_comment=action.needs_comment)
        if request.method == "POST" and form.is_valid():
            try:
                workflow.perform(
                    item=obj,
                    action_name=action.name,
                    actor=request.user,
                    comment=form.cleaned_data["comment"],
                )
            except workflow.WorkflowError as error:
                if error.code != "comment_required":
                    self.message_user(
                        request, self._refusal_message(obj, action, error=error), messages.ERROR
                    )
                    return HttpResponseRedirect(self._change_url(obj))
                form.add_error("comment", error.message)
            else:
                self.message_user(
                    request,
                    _("“%(item)s”: %(done)s") % {"item": obj, "done": action.done},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self._change_url(obj))

        is_update = bool(getattr(obj, "update_of_id", None))
        context = {
            **self.admin_site.each_context(request),
            "title": _("%(action)s: %(item)s") % {"action": action.label, "item": obj},
            "subtitle": None,
            "opts": self.opts,
            "object": obj,
            "action": action,
            "consequence": (UPDATE_CONSEQUENCES if is_update else {}).get(
                action.name, CONSEQUENCES.get(action.name, "")
            ),
            "form": form,
            "review_state": obj.get_review_state_display(),
            "change_url": self._change_url(obj),
            "compare_url": (
                self._admin_url("compare", obj.pk)
                if self.get_comparison(obj).has_baseline
                else None
            ),
            "has_view_permission": True,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request,
            self.review_action_template,
            context,
        )

    def _refusal_message(self, obj, action, action_name="", error=None):
        """Why a decision cannot be taken, naming the last decision when someone was first."""
        if error is not None:
            message = str(error.message)
        elif action is None:
            message = str(_("Unknown action “%(name)s”.") % {"name": action_name})
        else:
            message = str(
                _("“%(action)s” is not possible: this item is %(state)s.")
                % {"action": action.label, "state": obj.get_review_state_display().lower()}
            )
        last = workflow.history_of(obj).first()
        if last is not None:
            message += " " + str(
                _("Last decision: %(action)s by %(actor)s on %(time)s.")
                % {
                    "action": str(workflow.action_label(last.action)).lower(),
                    "actor": last.actor or _("the system"),
                    "time": date_format(last.created_at, "SHORT_DATETIME_FORMAT"),
                }
            )
        return message

    def compare_view(self, request, object_id):
        """The item against the version the public last saw, field by field."""
        obj, redirect = self._get_reviewable(request, object_id)
        if redirect:
            return redirect
        review = self.review_context(request, obj)
        context = {
            **self.admin_site.each_context(request),
            **review,
            "title": _("Changes in “%(item)s”") % {"item": obj},
            "subtitle": None,
            "opts": self.opts,
            "object": obj,
            "comparison": review["review_comparison"],
            "change_url": self._change_url(obj),
            "has_view_permission": True,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.review_compare_template, context)

    def get_comparison(self, obj):
        return diff.compare_item(obj, fields=self.review_diff_fields)

    # --- bulk decisions ----------------------------------------------------------------

    def _perform_many(self, request, queryset, action_name, comment=""):
        action = workflow.ACTIONS[action_name]
        done, refused = [], []
        for obj in queryset.order_by("pk"):
            try:
                workflow.perform(
                    item=obj, action_name=action_name, actor=request.user, comment=comment
                )
            except (workflow.WorkflowError, PermissionDenied):
                refused.append(obj)
            else:
                done.append(obj)
        if done:
            self.message_user(
                request,
                ngettext("%(action)s: %(count)d item.", "%(action)s: %(count)d items.", len(done))
                % {"action": capfirst(str(action.done).rstrip(".")), "count": len(done)},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                _("Left as they are, because they are not submitted: %(items)s.")
                % {
                    "items": "; ".join(
                        f"{obj} ({obj.get_review_state_display()})" for obj in refused
                    )
                },
                messages.WARNING,
            )

    @admin.action(description=_("Publish selected items"), permissions=["moderate"])
    def publish_selected(self, request, queryset):
        self._perform_many(request, queryset, "publish")

    @admin.action(
        description=_("Return selected items for changes (with a comment)"),
        permissions=["moderate"],
    )
    def return_selected(self, request, queryset):
        """An intermediate page asks for the comment; "apply" then returns each item."""
        if request.POST.get("apply"):
            form = BulkReturnForm(request.POST)
            if form.is_valid():
                self._perform_many(request, queryset, "return", form.cleaned_data["comment"])
                return None
        else:
            form = BulkReturnForm()
        items = list(queryset.order_by("pk"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Return items for changes"),
            "subtitle": None,
            "opts": self.opts,
            "items": [(obj, obj.review_state == ReviewState.SUBMITTED) for obj in items],
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "has_view_permission": True,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.bulk_return_template, context)


@admin.register(ModerationLogEntry)
class ModerationLogEntryAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "content_type",
        "object_id",
        "action",
        "from_state",
        "to_state",
        "actor",
    ]
    list_filter = ["action", "to_state", "content_type"]
    readonly_fields = [field.name for field in ModerationLogEntry._meta.fields]
