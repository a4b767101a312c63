from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import selectors, services
from .calendar import meeting_ics
from .models import Meeting


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


def _change_registration(request, slug, service, success_messages):
    meeting = _get_published_meeting(slug)
    if not request.user.is_authenticated:
        # Back to the meeting page after signing in: the button is there.
        return redirect_to_login(meeting.get_absolute_url())
    try:
        registration = service(meeting=meeting, actor=request.user)
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        status = registration.status if registration else ""
        if status in success_messages:
            messages.success(request, success_messages[status])
    return redirect(meeting)


@require_POST
def meeting_register(request, slug):
    return _change_registration(
        request,
        slug,
        services.register,
        {
            "registered": _("You are registered for this meeting."),
            "waiting": _("The meeting is full: you are on the waiting list."),
        },
    )


@require_POST
def meeting_cancel(request, slug):
    return _change_registration(
        request,
        slug,
        services.cancel,
        {"cancelled": _("Your registration is cancelled.")},
    )
