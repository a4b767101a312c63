"""/my/practices/: a focal point's practices and their review. The /my/ home itself, which also
shows calls and offers, is composed in the portal (portal/views.py).

Views parse input, call a service or a selector, and render. Every view on a practice starts
with `_get_practice_for_editor`, which only ever finds practices of the user's own government
(`pfp.moderation.owner_views`, shared with the calls' workspace, as are the owner's actions,
the review history and the conflict re-render).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pfp.moderation import editing, owner_views, workflow

from . import selectors, services
from .forms import practice_forms
from .models import Practice


def _get_practice_for_editor(request, pk):
    """A practice of the user's government, or 404; users who are not focal points get 403."""
    return owner_views.get_for_owner(
        request, Practice.objects.select_related("government", "update_of"), pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice_new(request):
    government = owner_views.require_government(request)
    if request.method == "POST":
        forms = practice_forms(data=request.POST, files=request.FILES)
        if _all_valid(forms):
            practice = services.practice_create(actor=request.user, **_service_input(forms))
            messages.success(request, _("Draft saved. Only your government can see it."))
            return _after_save(request, practice)
    else:
        forms = practice_forms(government=government)
    context = {
        **forms,
        **owner_views.owner_context(request, None, action_urls=OWNER_ACTION_URLS),
        "practice": None,
        "error_summary": _error_summary(forms),
    }
    return render(request, "workspace/practice_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def practice_edit(request, pk):
    practice = _get_practice_for_editor(request, pk)
    if request.method == "POST":
        saved, response = _save(request, practice)
        if saved:
            messages.success(request, _("Draft saved."))
            return _after_save(request, practice)
        return response
    return _render_edit(request, practice, practice_forms(practice=practice))


@login_required
@require_GET
def practice_preview(request, pk):
    practice = _get_practice_for_editor(request, pk)
    context = selectors.practice_page(
        practice=practice, url=request.build_absolute_uri(practice.get_absolute_url())
    )
    context["preview_actions"] = workflow.available_action_names(practice, request.user)
    return render(request, "workspace/preview.html", context)


@login_required
@require_POST
def practice_submit(request, pk):
    """Submit; when sent from the edit form, what is on screen is saved first."""
    practice = _get_practice_for_editor(request, pk)
    if "expected_version" in request.POST:
        saved, response = _save(request, practice)
        if not saved:
            return response
        practice.refresh_from_db()
    try:
        services.practice_submit(practice=practice, actor=request.user)
    except services.IncompletePractice as incomplete:
        forms = practice_forms(practice=practice)
        return _render_edit(request, practice, forms, missing=incomplete.missing)
    except workflow.WorkflowError as error:
        messages.error(request, error.message)
        return redirect("workspace:practice_edit", pk=practice.pk)
    messages.success(
        request,
        _("“%(title)s” is submitted for review. You will hear when a moderator decides.")
        % {"title": practice.title},
    )
    return redirect("workspace:home")


@login_required
@require_http_methods(["GET", "POST"])
def practice_withdraw(request, pk):
    """GET: what withdrawing will do (changes nothing); POST: withdraw."""
    practice = _get_practice_for_editor(request, pk)
    return owner_views.confirm_withdraw(
        request,
        practice,
        lambda item: services.practice_withdraw(practice=item, actor=request.user),
        done=_("“%(title)s” is withdrawn. The record is kept and listed in your workspace."),
        refused_url=reverse("workspace:practice_edit", args=[practice.pk]),
        done_url=reverse("workspace:home"),
    )


@login_required
@require_POST
def practice_propose_update(request, pk):
    practice = _get_practice_for_editor(request, pk)
    return owner_views.take_owner_action(
        request,
        practice,
        lambda item: services.practice_propose_update(practice=item, actor=request.user),
        done=_(
            "This is your proposed update. The published text stays public until a moderator "
            "publishes the update."
        ),
        refused_url=reverse("workspace:home"),
        done_url=lambda update: reverse("workspace:practice_edit", args=[update.pk]),
    )


# --- helpers -------------------------------------------------------------------------------


def _all_valid(forms):
    # Every form validated (no short-circuit), so that all errors show at once.
    results = [form.is_valid() for form in forms.values()]
    return all(results)


def _service_input(forms):
    return {
        "fields": forms["form"].service_fields(),
        "roundtables": forms["roundtables"].cleaned_roundtables(),
        "links": forms["links"].cleaned_links(),
        "attachments": forms["attachments"].cleaned_attachments(),
    }


def _after_save(request, practice):
    if request.POST.get("then") == "preview":
        return redirect("workspace:practice_preview", pk=practice.pk)
    return redirect("workspace:practice_edit", pk=practice.pk)


def _error_summary(forms):
    """[(anchor, message)] for every error on the page, so that each can be reached."""
    if not forms["form"].is_bound:
        return []
    summary = []
    form = forms["form"]
    summary += [("id_form", error) for error in form.non_field_errors()]
    summary += [
        (field.auto_id, f"{field.label}: {error}") for field in form for error in field.errors
    ]
    for key, section, row_label in [
        ("roundtables", "section-gfmd", _("Roundtable %(number)s")),
        ("links", "section-links", _("Link %(number)s")),
        ("attachments", "section-documents", _("Document %(number)s")),
    ]:
        formset = forms[key]
        summary += [(section, error) for error in formset.non_form_errors()]
        for number, row in enumerate(formset.forms, start=1):
            label = row_label % {"number": number}
            summary += [
                (field.auto_id, f"{label}, {str(field.label).lower()}: {error}")
                for field in row
                for error in field.errors
            ]
    return summary


def _save(request, practice):
    """Save the posted form onto the practice; returns (saved, the response if not)."""
    forms = practice_forms(practice=practice, data=request.POST, files=request.FILES)
    if not _all_valid(forms):
        return False, _render_edit(request, practice, forms, status=200)
    try:
        services.practice_save(
            practice=practice,
            actor=request.user,
            expected_version=forms["form"].cleaned_data.get("expected_version") or 0,
            **_service_input(forms),
        )
    except services.EditConflict as conflict:
        editing.show_conflict(forms["form"], conflict)
        return False, _render_edit(request, practice, forms, conflict=conflict.current, status=409)
    except workflow.WorkflowError as error:
        return False, _render_edit(request, practice, forms, refused=error.message, status=409)
    return True, None


# The owner's actions on a practice, besides submitting it from the form.
OWNER_ACTION_URLS = {
    "withdraw": "workspace:practice_withdraw",
    "propose_update": "workspace:practice_propose_update",
}
OWNER_ACTION_HINTS = {
    "withdraw": gettext_lazy(
        "Withdrawing takes the practice out of review for good. Nothing is deleted: the record "
        "stays in your workspace."
    ),
    "propose_update": gettext_lazy(
        "To change it, propose an update: the published text stays public until a moderator "
        "publishes the update."
    ),
}


def _render_edit(request, practice, forms, *, missing=(), conflict=None, refused="", status=200):
    # Reloaded: a bound form may have set the posted values on the instance it was given.
    current = Practice.objects.select_related("government", "update_of").get(pk=practice.pk)
    context = {
        **forms,
        **owner_views.owner_context(
            request, current, action_urls=OWNER_ACTION_URLS, hints=OWNER_ACTION_HINTS
        ),
        "error_summary": _error_summary(forms),
        "practice": current,
        "missing": missing,
        "conflict": conflict,
        "conflict_author": owner_views.last_editor(conflict) if conflict else None,
        "refused": refused,
    }
    return render(request, "workspace/practice_form.html", context, status=status)
