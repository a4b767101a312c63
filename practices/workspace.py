"""/my/practices/: a focal point's practices and their review. The /my/ home itself, which also
shows calls and offers, is composed in the portal (portal/views.py).

Views parse input, call a service or a selector, and render. Every view on a practice starts
with `_get_practice_for_editor`, which only ever finds practices of the user's own government
(`pfp.moderation.owner_views`, shared with the calls' workspace, as are the owner's actions,
the review history and the conflict re-render).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pfp.moderation import editing, owner_views, workflow

from . import sections, selectors, services
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
    """A new practice starts with its first section; saving it creates the draft."""
    owner_views.require_government(request)
    section = sections.SECTIONS[0]
    if request.method == "POST":
        forms = practice_forms(data=request.POST, files=request.FILES, section=section)
        if _all_valid(forms):
            practice = services.practice_create(actor=request.user, **_service_input(forms))
            messages.success(request, _("Draft saved. Only your government can see it."))
            return _after_save(request, practice)
    else:
        forms = practice_forms(section=section)
    context = {
        **forms,
        **owner_views.owner_context(request, None, action_urls=OWNER_ACTION_URLS),
        "practice": None,
        "section": section,
        "extra_errors": _formset_errors(forms),
    }
    return render(request, "workspace/practice_section.html", context)


@login_required
@require_GET
def practice_edit(request, pk):
    """The task list: each section with its status, then "check your answers"."""
    practice = _get_practice_for_editor(request, pk)
    context = {
        **owner_views.owner_context(
            request, practice, action_urls=OWNER_ACTION_URLS, hints=OWNER_ACTION_HINTS
        ),
        "practice": practice,
        "tasks": sections.task_list(practice),
    }
    context["completed"] = sum(task["status"] == sections.COMPLETED for task in context["tasks"])
    return render(request, "workspace/practice_tasks.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def practice_section(request, pk, section):
    """One section of the task list, saved on its own. A save never changes the state."""
    practice = _get_practice_for_editor(request, pk)
    section = sections.BY_KEY.get(section)
    if section is None:
        raise Http404
    if request.method == "POST":
        saved, response = _save(request, practice, section)
        if saved:
            messages.success(request, _("“%(section)s” saved.") % {"section": section.title})
            return _after_save(request, practice)
        return response
    return _render_section(
        request,
        practice,
        section,
        practice_forms(
            practice=practice, section=section, government=_first_lead(practice, section)
        ),
    )


def _first_lead(practice, section):
    """The focal point's government, offered as the first lead of a new practice: while the
    section that asks for the leads is not started, and not on an update of a published
    record (its leads are the record's)."""
    if "lead_countries" not in section.fields or practice.update_of_id is not None:
        return None
    missing = selectors.practice_missing(practice)
    if sections.section_status(practice, section, missing) != sections.NOT_STARTED:
        return None
    return practice.government


@login_required
@require_GET
def practice_check(request, pk):
    """Check your answers, then submit. After a refused submission, what is missing leads the
    page, each item a link to the section that asks for it."""
    practice = _get_practice_for_editor(request, pk)
    context = {
        **owner_views.owner_context(request, practice, action_urls=OWNER_ACTION_URLS),
        "practice": practice,
        "answers": sections.check_answers(practice, editable=_editable(practice)),
        "missing": sections.missing_with_links(practice),
        "refused": request.GET.get("refused") == "incomplete",
    }
    return render(request, "workspace/practice_check.html", context)


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
    """Submit, and only that: nothing posted here is saved onto the practice."""
    practice = _get_practice_for_editor(request, pk)
    try:
        services.practice_submit(practice=practice, actor=request.user)
    except services.IncompletePractice:
        check = reverse("workspace:practice_check", args=[practice.pk])
        return redirect(f"{check}?refused=incomplete")
    except workflow.WorkflowError as error:
        messages.error(request, error.message)
        return redirect("workspace:practice_edit", pk=practice.pk)
    return redirect("workspace:practice_submitted", pk=practice.pk)


@login_required
@require_GET
def practice_submitted(request, pk):
    """The confirmation: what happens next, who decides, and how the focal point hears."""
    practice = _get_practice_for_editor(request, pk)
    if not practice.is_awaiting_review:
        return redirect("workspace:practice_edit", pk=practice.pk)
    context = {"practice": practice, "review_days": REVIEW_WORKING_DAYS}
    return render(request, "workspace/practice_submitted.html", context)


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
    """What the services take; a formset that is not on the page is left as it is (None)."""
    return {
        "fields": forms["form"].service_fields(),
        "roundtables": forms["roundtables"].cleaned_roundtables()
        if "roundtables" in forms
        else None,
        "links": forms["links"].cleaned_links() if "links" in forms else None,
        "attachments": (
            forms["attachments"].cleaned_attachments() if "attachments" in forms else None
        ),
    }


def _after_save(request, practice):
    if request.POST.get("then") == "preview":
        return redirect("workspace:practice_preview", pk=practice.pk)
    return redirect("workspace:practice_edit", pk=practice.pk)


def _editable(practice):
    return practice.review_state in services.EDITABLE_STATES


FORMSET_ROW_LABELS = {
    "roundtables": gettext_lazy("Roundtable %(number)s"),
    "links": gettext_lazy("Link %(number)s"),
    "attachments": gettext_lazy("Document %(number)s"),
}


def _formset_errors(forms):
    """The errors of the formsets on the page, for the error summary's `extra_errors` (the
    form's own errors are listed by the summary itself)."""
    errors = []
    for key, row_label in FORMSET_ROW_LABELS.items():
        formset = forms.get(key)
        if formset is None or not formset.is_bound:
            continue
        errors += [{"anchor": key, "message": error} for error in formset.non_form_errors()]
        for number, row in enumerate(formset.forms, start=1):
            label = row_label % {"number": number}
            errors += [
                {
                    "anchor": field.auto_id,
                    "message": f"{label}, {str(field.label).lower()}: {error}",
                }
                for field in row
                for error in field.errors
            ]
    return errors


def _save(request, practice, section):
    """Save the posted section onto the practice; returns (saved, the response if not)."""
    forms = practice_forms(
        practice=practice, data=request.POST, files=request.FILES, section=section
    )
    if not _all_valid(forms):
        return False, _render_section(request, practice, section, forms, status=200)
    try:
        services.practice_save(
            practice=practice,
            actor=request.user,
            expected_version=forms["form"].cleaned_data.get("expected_version") or 0,
            **_service_input(forms),
        )
    except services.EditConflict as conflict:
        editing.show_conflict(forms["form"], conflict)
        return False, _render_section(
            request, practice, section, forms, conflict=conflict.current, status=409
        )
    except workflow.WorkflowError as error:
        return False, _render_section(
            request, practice, section, forms, refused=error.message, status=409
        )
    return True, None


# What the confirmation page says a review usually takes.
REVIEW_WORKING_DAYS = 10

# The owner's actions on a practice, besides submitting it.
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


def _render_section(request, practice, section, forms, *, conflict=None, refused="", status=200):
    # Reloaded: a bound form may have set the posted values on the instance it was given.
    current = Practice.objects.select_related("government", "update_of").get(pk=practice.pk)
    context = {
        **forms,
        **owner_views.owner_context(request, current, action_urls=OWNER_ACTION_URLS),
        "extra_errors": _formset_errors(forms),
        "practice": current,
        "section": section,
        "conflict": conflict,
        "conflict_author": owner_views.last_editor(conflict) if conflict else None,
        "refused": refused,
    }
    return render(request, "workspace/practice_section.html", context, status=status)
