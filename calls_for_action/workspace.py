"""/my/calls/: a focal point's calls for action and the offers made to them; a partner's
offers. A call is filled in as a task list (calls_for_action/sections.py): one page per
section, each saved on its own, then "check your answers" and a submission that is its own
action. Every view on a call starts with `_get_call_for_editor`, which only finds calls of
the user's own government (another government's call is a 404, so ids cannot be probed).
The owner's side of the review (that lookup, the owner's actions, the review history, the
conflict re-render) is `pfp.moderation.owner_views`, shared with the practices' workspace."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pfp.accounts.roles import organization_of
from pfp.core.confirmation import confirmation_page
from pfp.core.task_list import completed_count
from pfp.moderation import editing, owner_views, workflow

from . import sections, selectors, services
from .forms import AnswerForm, CallForm, DigestForm
from .models import CallForAction, Offer, OfferEmailPreference
from .services import EDITABLE_STATES


def _get_call_for_editor(request, pk):
    return owner_views.get_for_owner(
        request, CallForAction.objects.select_related("government"), pk
    )


def _get_offer_for_offerer(request, pk):
    organization = organization_of(request.user)
    if organization is None:
        raise PermissionDenied
    return get_object_or_404(Offer.objects.select_related("call"), pk=pk, organization=organization)


@login_required
@require_GET
def call_list(request):
    government = owner_views.require_government(request)
    preference = OfferEmailPreference.objects.filter(user=request.user).first()
    context = {
        "government": government,
        "calls": selectors.workspace_calls(government=government),
        "digest_form": DigestForm(
            initial={"daily_digest": bool(preference and preference.daily_digest)}
        ),
    }
    return render(request, "calls_for_action/workspace/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def call_new(request):
    """A new call starts with its first section; saving it creates the draft."""
    owner_views.require_government(request)
    section = sections.SECTIONS[0]
    form = CallForm(request.POST or None, section=section)
    if request.method == "POST" and form.is_valid():
        call = services.call_create(actor=request.user, fields=form.service_fields())
        messages.success(request, _("Draft saved. Only your government can see it."))
        return _after_save(request, call)
    context = {
        **owner_views.owner_context(request, None, action_urls=OWNER_ACTION_URLS),
        "call": None,
        "form": form,
        "section": section,
    }
    return render(request, "calls_for_action/workspace/section.html", context)


@login_required
@require_GET
def call_edit(request, pk):
    """The task list: each section with its status, then "check your answers"."""
    call = _get_call_for_editor(request, pk)
    tasks = sections.task_list(call)
    context = {
        **_owner_context(request, call),
        "call": call,
        "tasks": tasks,
        "completed": completed_count(tasks),
    }
    return render(request, "calls_for_action/workspace/tasks.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def call_section(request, pk, section):
    """One section of the task list, saved on its own. A save never changes the state."""
    call = _get_call_for_editor(request, pk)
    section = sections.BY_KEY.get(section)
    if section is None:
        raise Http404
    if request.method == "GET":
        return _render_section(request, call, section, CallForm(instance=call, section=section))
    # A copy: a bound form sets the posted values on its instance, valid or not.
    form = CallForm(request.POST, instance=CallForAction.objects.get(pk=call.pk), section=section)
    if not form.is_valid():
        return _render_section(request, call, section, form)
    try:
        services.call_save(
            call=call,
            actor=request.user,
            expected_version=form.cleaned_data.get("expected_version") or 0,
            fields=form.service_fields(),
        )
    except services.EditConflict as conflict:
        editing.show_conflict(form, conflict)
        return _render_section(request, call, section, form, conflict=conflict.current, status=409)
    except workflow.WorkflowError as error:
        return _render_section(request, call, section, form, refused=error.message, status=409)
    messages.success(request, _("“%(section)s” saved.") % {"section": section.title})
    return _after_save(request, call)


@login_required
@require_GET
def call_check(request, pk):
    """Check your answers, then submit. After a refused submission, what is missing leads the
    page, each item a link to the section that asks for it."""
    call = _get_call_for_editor(request, pk)
    context = {
        **_owner_context(request, call),
        "call": call,
        "answers": sections.check_answers(call, editable=call.review_state in EDITABLE_STATES),
        "missing": sections.missing_with_links(call),
        "refused": request.GET.get("refused") == "incomplete",
    }
    return render(request, "calls_for_action/workspace/check.html", context)


@login_required
@require_GET
def call_preview(request, pk):
    """The call as the public will see it once published, for its government only."""
    call = _get_call_for_editor(request, pk)
    context = selectors.call_page(call=call)
    context["preview_actions"] = workflow.available_action_names(call, request.user)
    return render(request, "calls_for_action/workspace/preview.html", context)


# The owner's actions on a call, besides submitting it from "check your answers".
OWNER_ACTION_URLS = {"withdraw": "calls_workspace:withdraw", "fulfil": "calls_workspace:fulfil"}
OWNER_ACTION_HINTS = {
    "withdraw": gettext_lazy(
        "Withdrawing takes the call out of review for good. Nothing is deleted: the record "
        "stays in your workspace."
    ),
    "fulfil": gettext_lazy(
        "When your government has found what it sought, mark the call fulfilled: it stops "
        "taking offers."
    ),
}


# What the confirmation page says a review usually takes, as for practices.
REVIEW_WORKING_DAYS = 10


def _owner_context(request, call):
    return owner_views.owner_context(
        request, call, action_urls=OWNER_ACTION_URLS, hints=OWNER_ACTION_HINTS
    )


def _after_save(request, call):
    if request.POST.get("then") == "preview":
        return redirect("calls_workspace:preview", pk=call.pk)
    return redirect("calls_workspace:edit", pk=call.pk)


def _render_section(request, call, section, form, *, conflict=None, refused="", status=200):
    # Reloaded: a bound form may have set the posted values on the instance it was given.
    current = CallForAction.objects.select_related("government").get(pk=call.pk)
    context = {
        **owner_views.owner_context(request, current, action_urls=OWNER_ACTION_URLS),
        "call": current,
        "form": form,
        "section": section,
        "conflict": conflict,
        "conflict_author": owner_views.last_editor(conflict) if conflict else None,
        "refused": refused,
    }
    return render(request, "calls_for_action/workspace/section.html", context, status=status)


def _owner_action(request, pk, service, done, *, confirm=False):
    """Take an owner's action on a call; back to the edit page with the reason if refused.
    `confirm`: withdrawing, which a confirmation page precedes."""
    call = _get_call_for_editor(request, pk)
    take = owner_views.confirm_withdraw if confirm else owner_views.take_owner_action
    return take(
        request,
        call,
        lambda item: service(call=item, actor=request.user),
        done=done,
        refused_url=reverse("calls_workspace:edit", args=[call.pk]),
        done_url=reverse("calls_workspace:list"),
    )


@login_required
@require_POST
def call_submit(request, pk):
    """Submit, and only that: nothing posted here is saved onto the call."""
    call = _get_call_for_editor(request, pk)
    try:
        services.call_submit(call=call, actor=request.user)
    except services.IncompleteCall:
        check = reverse("calls_workspace:check", args=[call.pk])
        return redirect(f"{check}?refused=incomplete")
    except workflow.WorkflowError as error:
        messages.error(request, error.message)
        return redirect("calls_workspace:edit", pk=call.pk)
    return redirect("calls_workspace:submitted", pk=call.pk)


@login_required
@require_GET
def call_submitted(request, pk):
    """The confirmation: what happens next, who decides, and how the focal point hears."""
    call = _get_call_for_editor(request, pk)
    if not call.is_awaiting_review:
        return redirect("calls_workspace:edit", pk=call.pk)
    context = {"call": call, "review_days": REVIEW_WORKING_DAYS}
    return render(request, "calls_for_action/workspace/submitted.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def call_withdraw(request, pk):
    """GET: what withdrawing will do (changes nothing); POST: withdraw."""
    done = _("“%(title)s” is withdrawn. The record is kept.")
    return _owner_action(request, pk, services.call_withdraw, done, confirm=True)


@login_required
@require_POST
def call_fulfil(request, pk):
    return _owner_action(
        request,
        pk,
        services.call_mark_fulfilled,
        _("“%(title)s” is marked fulfilled. It no longer takes offers."),
    )


@login_required
@require_GET
def call_offers(request, pk):
    """The government's inbox for one call: every offer, with organizations and contacts."""
    call = _get_call_for_editor(request, pk)
    offers = list(
        call.offers.select_related("organization__partner_type", "organization__country").order_by(
            "status", "-created_at"
        )
    )
    return render(
        request,
        "calls_for_action/workspace/offers.html",
        {"call": call, "offers": offers},
    )


# What answering an offer does, said on its confirmation page before the government answers.
ANSWER_PAGES = {
    "accept": {
        "title": gettext_lazy("Accept this offer?"),
        "confirm_label": gettext_lazy("Accept the offer"),
        "consequences": [
            gettext_lazy(
                "An email tells %(organization)s that your government accepts its offer, with "
                "your message: it goes to the offer's contact person and to whoever made it."
            ),
            gettext_lazy(
                "The offer can no longer be changed or withdrawn, and your answer cannot be "
                "changed: this cannot be undone."
            ),
            gettext_lazy("The other offers on the call stay as they are."),
        ],
        "done": gettext_lazy("You accepted the offer of %(organization)s. They are told by email."),
    },
    "decline": {
        "title": gettext_lazy("Decline this offer?"),
        "confirm_label": gettext_lazy("Decline the offer"),
        "consequences": [
            gettext_lazy(
                "An email tells %(organization)s that your government declines its offer, with "
                "your message: it goes to the offer's contact person and to whoever made it."
            ),
            gettext_lazy(
                "It cannot make another offer on this call, and your answer cannot be "
                "changed: this cannot be undone."
            ),
        ],
        "done": gettext_lazy("You declined the offer of %(organization)s. They are told by email."),
    },
}


@login_required
@require_http_methods(["GET", "POST"])
def offer_answer(request, pk, decision):
    """GET: what accepting or declining will do (changes nothing); POST: answer the offer."""
    government = owner_views.require_government(request)
    offer = get_object_or_404(
        Offer.objects.select_related("call", "organization"), pk=pk, call__government=government
    )
    back_url = reverse("calls_workspace:offers", args=[offer.call_id])
    if offer.status != Offer.Status.NEW:
        messages.error(request, _("This offer has been answered or withdrawn already."))
        return redirect(back_url)
    page = ANSWER_PAGES[decision]
    names = {"organization": offer.organization.name}
    form = AnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_answer(
                offer=offer,
                actor=request.user,
                accept=decision == "accept",
                message=form.cleaned_data["message"],
            )
        except services.OfferRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, page["done"] % names)
        return redirect(back_url)
    return confirmation_page(
        request,
        title=page["title"],
        subject=_("The offer of %(organization)s on “%(call)s”.")
        % {**names, "call": offer.call.title},
        consequences=[consequence % names for consequence in page["consequences"]],
        confirm_label=page["confirm_label"],
        cancel_url=back_url,
        form=form,
    )


@login_required
@require_POST
def digest_preference(request):
    owner_views.require_government(request)
    form = DigestForm(request.POST)
    form.is_valid()
    OfferEmailPreference.objects.update_or_create(
        user=request.user, defaults={"daily_digest": form.cleaned_data.get("daily_digest", False)}
    )
    messages.success(request, _("Your email preference is saved."))
    return redirect("calls_workspace:list")


@login_required
@require_GET
def my_offers(request):
    organization = organization_of(request.user)
    if organization is None:
        raise PermissionDenied
    return render(
        request,
        "calls_for_action/workspace/my_offers.html",
        {
            "organization": organization,
            "offers": selectors.offers_of_organization(organization=organization),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_withdraw(request, pk):
    """GET: what withdrawing the offer will do (changes nothing); POST: withdraw it."""
    offer = _get_offer_for_offerer(request, pk)
    if offer.status != Offer.Status.NEW:
        messages.error(request, _("This offer has been answered or withdrawn already."))
        return redirect("calls_workspace:my_offers")
    if request.method == "GET":
        return confirmation_page(
            request,
            title=_("Withdraw your offer?"),
            subject=_("Your organization's offer on “%(call)s”.") % {"call": offer.call.title},
            consequences=[
                _("The call's government sees it as withdrawn and can no longer accept it."),
                _("Nobody is emailed."),
                _("While the call is open, your organization may make a new offer on it."),
            ],
            confirm_label=_("Withdraw the offer"),
            cancel_url=reverse("calls_workspace:my_offers"),
            danger=True,
        )
    try:
        services.offer_withdraw(offer=offer, actor=request.user)
    except services.OfferRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Your offer is withdrawn."))
    return redirect("calls_workspace:my_offers")
