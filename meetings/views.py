from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import selectors, services
from .calendar import meeting_ics
from .forms import RegistrationForm
from .models import Meeting, Registration


def _get_published_meeting(slug):
    return get_object_or_404(
        Meeting.objects.published().select_related("summit__chair_country"), slug=slug
    )


@require_GET
def meeting_list(request):
    return render(request, "meetings/list.html", selectors.meeting_list())


@require_GET
def meeting_detail(request, slug):
    meeting = _get_published_meeting(slug)
    context = {
        "meeting": meeting,
        "registration": selectors.registration_status(meeting=meeting, user=request.user),
        **selectors.meeting_page(meeting=meeting),
    }
    return render(request, "meetings/detail.html", context)


@require_GET
def meeting_calendar(request, slug):
    meeting = _get_published_meeting(slug)
    body = meeting_ics(
        meeting,
        url=request.build_absolute_uri(meeting.get_absolute_url()),
        host=request.get_host(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{meeting.slug}.ics"'
    return response


def _signed_in_or_login(request, meeting):
    # Back to the meeting page after signing in: the way to register or cancel is there.
    if request.user.is_authenticated:
        return None
    return redirect_to_login(meeting.get_absolute_url())


@require_http_methods(["GET", "POST"])
def meeting_register(request, slug):
    """The registration form (GET), and registering (POST): a seat, or the waiting list."""
    meeting = _get_published_meeting(slug)
    if login := _signed_in_or_login(request, meeting):
        return login
    own = selectors.registration_status(meeting=meeting, user=request.user)
    if own.status:
        return redirect(meeting)
    if not meeting.accepts_registrations():
        messages.error(request, _("Registration for this meeting is closed."))
        return redirect(meeting)
    form = RegistrationForm(
        request.POST if request.method == "POST" else None,
        initial=selectors.registration_initial(request.user),
    )
    if form.is_bound and form.is_valid():
        try:
            registration = services.register(
                meeting=meeting, actor=request.user, **form.cleaned_data
            )
        except services.RegistrationError as error:
            messages.error(request, error.message)
            return redirect(meeting)
        if registration.status == Registration.Status.WAITING:
            messages.success(request, _("The meeting is full: you are on the waiting list."))
        else:
            messages.success(request, _("You are registered for this meeting."))
        return redirect(meeting)
    context = {"meeting": meeting, "form": form, "registration": own}
    return render(request, "meetings/register.html", context)


@require_http_methods(["GET", "POST"])
def meeting_cancel(request, slug):
    """What cancelling does (GET, which changes nothing), and cancelling (POST).

    Only the signed-in person's own registration can be cancelled: without one, 404.
    """
    meeting = _get_published_meeting(slug)
    if login := _signed_in_or_login(request, meeting):
        return login
    own = selectors.registration_status(meeting=meeting, user=request.user)
    if not own.status:
        raise Http404
    if request.method == "POST":
        try:
            services.cancel(meeting=meeting, actor=request.user)
        except services.RegistrationError as error:
            messages.error(request, error.message)
        else:
            if own.status == Registration.Status.WAITING:
                messages.success(request, _("You have left the waiting list."))
            else:
                messages.success(request, _("Your registration is cancelled."))
        return redirect(meeting)
    context = {
        "meeting": meeting,
        "registration": own,
        "can_cancel": meeting.start > timezone.now(),
        "can_register_again": meeting.accepts_registrations(),
        "others_waiting": selectors.waiting_count(meeting=meeting),
    }
    return render(request, "meetings/cancel.html", context)
