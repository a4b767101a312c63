"""Public pages of calls for action, and the offer form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pfp.accounts import limits
from pfp.moderation import editing

from . import selectors, services
from .forms import OfferForm
from .models import CallForAction


def _get_published_call(slug):
    return get_object_or_404(
        CallForAction.objects.published().select_related("government__country"), slug=slug
    )


@require_GET
def call_list(request):
    return render(request, "calls_for_action/list.html", selectors.call_list(params=request.GET))


@require_GET
def call_detail(request, slug, extra_context=None):
    """A published call. `extra_context(call)` adds what other apps show on the page (its
    meetings): the portal passes it in its URL pattern, so this app does not import them."""
    call = _get_published_call(slug)
    context = selectors.call_page(call=call)
    if extra_context is not None:
        context.update(extra_context(call))
    context["refusal"] = services.offer_refusal(request.user, call)
    context["own_offer"] = services.own_offer(request.user, call)
    return render(request, "calls_for_action/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def offer(request, slug):
    """Make the organization's offer, or change it while the government has not answered."""
    call = _get_published_call(slug)
    existing = services.own_offer(request.user, call)
    refusal = services.offer_refusal(request.user, call)
    if existing is None and refusal:
        return render(
            request,
            "calls_for_action/offer_refused.html",
            {"call": call, "refusal": refusal},
            status=403,
        )
    if existing is not None and existing.is_answered:
        messages.info(request, _("The government has answered your organization's offer."))
        return redirect("calls_workspace:my_offers")
    if request.method == "POST" and limits.request_limited(request, "offer"):
        return render(
            request,
            "calls_for_action/offer_form.html",
            {
                "call": call,
                "form": OfferForm(initial=limits.typed(request), instance=existing),
                "existing": existing,
                "rate_limited": True,
            },
            status=429,
        )
    form = OfferForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        try:
            if existing is None:
                services.offer_make(call=call, actor=request.user, fields=form.service_fields())
                messages.success(
                    request,
                    _("Your offer is sent. The government of the call will answer it here."),
                )
            else:
                services.offer_update(
                    offer=existing,
                    actor=request.user,
                    expected_version=form.expected_version,
                    fields=form.service_fields(),
                )
                messages.success(request, _("Your offer is saved."))
        except services.EditConflict as conflict:
            form.add_error(None, conflict.message)
            editing.show_conflict(form, conflict)
            return render(
                request,
                "calls_for_action/offer_form.html",
                {"call": call, "form": form, "existing": existing},
                status=409,
            )
        except services.OfferRefused as refused:
            form.add_error(None, refused.message)
        else:
            return redirect("calls_workspace:my_offers")
    elif request.method == "GET" and existing is None:
        form.initial.update(
            contact_name=request.user.get_full_name(), contact_email=request.user.email
        )
    return render(
        request,
        "calls_for_action/offer_form.html",
        {"call": call, "form": form, "existing": existing},
    )
