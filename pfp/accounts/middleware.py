from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device

from . import roles, signin


class StaffSecondFactorMiddleware:
    """Staff use the admin only in a session verified with a second factor, when required.

    A staff member without a device is sent to set one up, one with a device to enter a code;
    either comes back to the admin page asked for. The setting is read on every request, so
    that it can be switched without a restart (and by tests). Needs django-otp's OTPMiddleware
    before it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.guards(request.path_info) and roles.needs_second_factor(
            request.user, required=settings.PFP_REQUIRE_2FA_FOR_STAFF
        ):
            route = (
                "accounts:two_factor_verify"
                if user_has_device(request.user)
                else "accounts:two_factor"
            )
            return redirect(f"{reverse(route)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def guards(self, path):
        admin_root = reverse("admin:index")
        # Signing out of the admin needs no second factor.
        return path.startswith(admin_root) and path != reverse("admin:logout")


class KnownDeviceMiddleware:
    """Marks the browser as known for the account it just signed in to (`signin.note_sign_in`),
    whichever page signed it in: the per-account throttle then spares it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "pfp_known_device_user", None)
        if user is not None:
            signin.remember_device(request, response, user)
        return response
