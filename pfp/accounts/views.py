import base64
import time
from base64 import b32encode

import qrcode
import qrcode.image.svg
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import limits, roles, selectors, services, signin
from .forms import (
    ColleagueInvitationForm,
    EmailLanguageForm,
    InvitationAcceptForm,
    OneTimeCodeForm,
    PasswordResetForm,
    SignInForm,
    SignUpForm,
)
from .tokens import InvalidToken, read_email_confirmation_token

# Django's own authentication views, with the site's templates and this app's route names.


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if getattr(form, "throttled", False):
            response.status_code = 429
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    title = gettext_lazy("Change your password")
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
    title = gettext_lazy("Password changed")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    title = gettext_lazy("Reset your password")
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    form_class = PasswordResetForm

    def post(self, request, *args, **kwargs):
        if limits.request_limited(request, "password_reset"):
            form = self.form_class(initial=limits.typed(request))
            return rate_limited(request, self.template_name, {"form": form, "title": self.title})
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        # The link is built on the configured site address, never on the Host header.
        self.extra_email_context = {"site_url": settings.PFP_SITE_URL}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"
    title = gettext_lazy("Check your email")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever follows the emailed link owns the address: a lockout caused by someone
        # guessing at this account no longer applies, and this browser is known for it.
        axes_reset(username=self.user.email)
        signin.remember_device(self.request, response, self.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
    title = gettext_lazy("Password set")


def rate_limited(request, template, context):
    """The form again, unbound with what was typed, saying that nothing was done (429)."""
    return render(request, template, {**context, "rate_limited": True}, status=429)


# Partner sign-up and email confirmation.

PASSWORD_FIELDS = ("password1", "password2")

# A link that worked once and no longer does is gone (410); one that never worked, not found.
LINK_PROBLEM_STATUS = {"expired": 410, "used": 410, "revoked": 410, "invalid": 404}


@never_cache
@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def sign_up(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    if request.method == "POST" and limits.request_limited(request, "signup"):
        form = SignUpForm(initial=limits.typed(request, exclude=PASSWORD_FIELDS))
        return rate_limited(request, "accounts/signup.html", {"form": form})
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        existing = selectors.user_with_email(data["email"])
        if existing is None:
            try:
                services.partner_sign_up(
                    email=data["email"],
                    password=data["password1"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    organization=data["organization"],
                    new_organization_name=data["new_organization_name"],
                    new_organization_type=data["new_organization_type"],
                    new_organization_country=data["new_organization_country"],
                    # The language of the page the partner signed up on.
                    language=translation.get_language(),
                )
            except IntegrityError:
                # Two sign-ups with one address at the same moment: the other one won, and
                # this one is answered as any sign-up of an address that has an account.
                existing = selectors.user_with_email(data["email"])
        if existing is not None:
            # The same page as for a new account, after as much work (the password hashed),
            # so that neither the answer nor its timing tells whether the address has one.
            make_password(data["password1"])
            services.partner_sign_up_existing(user=existing)
        return redirect("accounts:signup_done")
    return render(request, "accounts/signup.html", {"form": form})


def sign_up_done(request):
    return render(
        request, "accounts/signup_done.html", {"days": settings.PFP_EMAIL_CONFIRMATION_DAYS}
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_email(request, token):
    """The link in the sign-up email. Confirming takes a button press (a POST), so that a mail
    scanner that opens links does not confirm an address on its owner's behalf."""
    try:
        pk, email = read_email_confirmation_token(token)
    except InvalidToken as error:
        return render(
            request,
            "accounts/confirm_email.html",
            {"problem": error.reason},
            status=LINK_PROBLEM_STATUS[error.reason],
        )
    user = get_user_model().objects.filter(pk=pk).first()
    if user is None or user.email.lower() != email:
        return render(request, "accounts/confirm_email.html", {"problem": "invalid"}, status=404)
    if user.email_confirmed_at is not None:
        return render(request, "accounts/confirm_email.html", {"confirmed": True})
    if request.method == "POST":
        services.partner_confirm_email(user=user)
        join_request = services.pending_join_request(user)
        if join_request is None:
            messages.success(request, _("Your email address is confirmed. You can sign in now."))
        else:
            messages.success(
                request,
                _(
                    "Your email address is confirmed. You can sign in now. Your request to join "
                    "%(organization)s has gone to its members (or to GFMD staff): you act for it "
                    "once the request is approved, and we email you then."
                )
                % {"organization": join_request.organization},
            )
        return redirect("accounts:login")
    return render(request, "accounts/confirm_email.html", {"pending_user": user})


# Invitations.


@never_cache
@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def invitation(request, token):
    try:
        invitation = services.invitation_from_token(token)
    except services.InvitationError as error:
        return _invitation_problem(request, error.code)

    user = request.user
    context = {"invitation": invitation, "government": invitation.organization}
    if user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            return _invitation_problem(request, "wrong_user", invitation, status=403)
        membership = getattr(user, "membership", None)
        if membership is not None and membership.organization_id != invitation.organization_id:
            return _invitation_problem(request, "other_organization", invitation, status=409)
        if request.method == "POST":
            try:
                services.invitation_accept(invitation=invitation, acting_user=user)
            except services.InvitationError as error:
                return _invitation_problem(request, error.code, invitation)
            return _welcome(request, invitation)
        return render(request, "accounts/invitation_join.html", context)

    if selectors.user_with_email(invitation.email) is not None:
        login_url = f"{reverse('accounts:login')}?{urlencode({'next': request.path})}"
        return render(
            request, "accounts/invitation_sign_in.html", {**context, "login_url": login_url}
        )
    form = InvitationAcceptForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            new_user = services.invitation_accept(
                invitation=invitation,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationError as error:
            return _invitation_problem(request, error.code, invitation)
        login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
        return _welcome(request, invitation)
    return render(request, "accounts/invitation_accept.html", {**context, "form": form})


def _welcome(request, invitation):
    messages.success(
        request,
        _("Welcome: you are now a focal point of %(government)s.")
        % {"government": invitation.organization},
    )
    return redirect(settings.LOGIN_REDIRECT_URL)


def _invitation_problem(request, code, invitation=None, status=None):
    return render(
        request,
        "accounts/invitation_problem.html",
        {"problem": code, "invitation": invitation},
        status=status or LINK_PROBLEM_STATUS.get(code, 410),
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite_colleague(request):
    government = roles.government_of(request.user)
    if not roles.can_invite_colleague(request.user, government):
        raise PermissionDenied
    invitations = selectors.invitations_of_government(government)[:50]
    if request.method == "POST" and limits.request_limited(request, "invitation"):
        form = ColleagueInvitationForm(initial=limits.typed(request), government=government)
        return rate_limited(
            request,
            "accounts/invite_colleague.html",
            {"form": form, "government": government, "invitations": invitations},
        )
    form = ColleagueInvitationForm(request.POST or None, government=government)
    if request.method == "POST" and form.is_valid():
        services.invitation_create(
            email=form.cleaned_data["email"],
            organization=government,
            acting_user=request.user,
            language=form.cleaned_data["language"],
        )
        services.invitation_notify_existing_account(
            email=form.cleaned_data["email"], organization=government, acting_user=request.user
        )
        messages.success(
            request,
            _(
                "Thank you. GFMD staff will confirm the invitation of %(email)s, and it will "
                "then be sent."
            )
            % {"email": form.cleaned_data["email"]},
        )
        return redirect("accounts:invite_colleague")
    return render(
        request,
        "accounts/invite_colleague.html",
        {"form": form, "government": government, "invitations": invitations},
    )


# Requests to join an organization, decided by its confirmed members.


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def join_requests(request):
    organization = roles.organization_of(request.user)
    if organization is None or not roles.can_decide_join_request(request.user, organization):
        raise PermissionDenied
    pending = selectors.join_requests_to_decide(organization)
    if request.method == "POST":
        decision = request.POST.get("decision")
        pk = request.POST.get("request", "")
        join_request = pending.filter(pk=pk).first() if pk.isdigit() else None
        if join_request is None or decision not in {"approve", "decline"}:
            messages.error(request, _("This request was decided already, or does not exist."))
            return redirect("accounts:join_requests")
        decided = services.join_request_decide(
            join_request=join_request, acting_user=request.user, approve=decision == "approve"
        )
        if not decided:
            messages.info(request, _("A colleague decided this request a moment ago."))
        elif decision == "approve":
            messages.success(
                request,
                _("%(email)s is now a member of %(organization)s.")
                % {"email": join_request.user.email, "organization": organization},
            )
        else:
            messages.success(
                request,
                _("The request of %(email)s is declined.") % {"email": join_request.user.email},
            )
        return redirect("accounts:join_requests")
    return render(
        request,
        "accounts/join_requests.html",
        {"organization": organization, "join_requests": pending},
    )


# The second factor for staff.


def _safe_next(request, default):
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _with_next(route, next_url):
    return f"{reverse(route)}?{urlencode({'next': next_url})}"


def _qr_code_data_uri(text):
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode("ascii")


def _grouped(secret):
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


def _require_staff(request):
    if not roles.can_set_up_second_factor(request.user):
        raise PermissionDenied


ENROLMENT_SESSION_KEY = "pfp_2fa_enrolment"


def _enrolment_proven(request):
    """Whether this session entered the emailed enrolment code, recently, for this user."""
    proof = request.session.get(ENROLMENT_SESSION_KEY)
    if not isinstance(proof, dict) or proof.get("user") != request.user.pk:
        return False
    return isinstance(proof.get("until"), int | float) and proof["until"] > time.time()


def _two_factor_enrol(request, next_url):
    """The step before the setup: a code emailed to the staff member's own address."""
    form = OneTimeCodeForm(label=_("Code from the email"))
    code_sent = False
    if request.method == "POST" and request.POST.get("action") == "send":
        services.two_factor_send_enrolment_code(user=request.user)
        messages.info(request, _("We have emailed you a code. It may take a minute to arrive."))
        return redirect(_with_next("accounts:two_factor", next_url))
    if request.method == "POST":
        form = OneTimeCodeForm(request.POST, label=_("Code from the email"))
        code_sent = True
        if form.is_valid():
            if services.two_factor_check_enrolment_code(
                user=request.user, code=form.cleaned_data["code"]
            ):
                window = settings.PFP_2FA_ENROLMENT_WINDOW_MINUTES * 60
                request.session[ENROLMENT_SESSION_KEY] = {
                    "user": request.user.pk,
                    "until": time.time() + window,
                }
                return redirect(_with_next("accounts:two_factor", next_url))
            form.add_error(
                "code",
                _("This code is not right, has expired or was used already. Ask for a new one."),
            )
    form.fields["code"].widget.attrs["inputmode"] = "numeric"
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {"form": form, "next": next_url, "code_sent": code_sent},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Set up an authenticator app, or, once set up, see the state of the second factor."""
    _require_staff(request)
    next_url = _safe_next(request, reverse("admin:index"))
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        if not request.user.is_verified():
            return redirect(_with_next("accounts:two_factor_verify", next_url))
        return render(
            request,
            "accounts/two_factor_status.html",
            {"title": _("Your second factor"), "next": next_url},
        )

    if not _enrolment_proven(request):
        return _two_factor_enrol(request, next_url)

    device = services.two_factor_device_for_setup(user=request.user)
    form = OneTimeCodeForm(
        request.POST or None,
        label=_("Six-digit code from the app"),
        help_text=_("The code changes every 30 seconds."),
    )
    form.fields["code"].widget.attrs["inputmode"] = "numeric"
    if request.method == "POST" and form.is_valid():
        confirmed = services.two_factor_confirm(
            user=request.user, device=device, code=form.cleaned_data["code"]
        )
        if confirmed is not None:
            device, codes = confirmed
            request.session.pop(ENROLMENT_SESSION_KEY, None)
            otp_login(request, device)
            return render(
                request, "accounts/two_factor_backup_codes.html", {"codes": codes, "next": next_url}
            )
        form.add_error(
            "code",
            _("This code is not right. Check the time on your phone, then try the next code."),
        )
    secret = b32encode(device.bin_key).decode("ascii")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_code": _qr_code_data_uri(device.config_url),
            "secret": _grouped(secret),
            "next": next_url,
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    _require_staff(request)
    next_url = _safe_next(request, reverse("admin:index"))
    if not user_has_device(request.user):
        return redirect(_with_next("accounts:two_factor", next_url))
    if request.user.is_verified():
        return redirect(next_url)
    form = OneTimeCodeForm(
        request.POST or None,
        label=_("Code from your authenticator app, or a backup code"),
    )
    if request.method == "POST" and form.is_valid():
        device = services.two_factor_verify(user=request.user, code=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(next_url)
        form.add_error("code", _("This code is not right, or was used already. Try again."))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"title": _("Enter your code"), "form": form, "next": next_url},
    )


@never_cache
@login_required
@require_POST
def two_factor_backup_codes(request):
    _require_staff(request)
    if not request.user.is_verified():
        return redirect("accounts:two_factor_verify")
    codes = services.two_factor_new_backup_codes(user=request.user)
    return render(
        request,
        "accounts/two_factor_backup_codes.html",
        {"codes": codes, "next": _safe_next(request, reverse("admin:index"))},
    )


@login_required
@require_POST
def email_language(request):
    """The signed-in user chooses the language of their emails, from their workspace."""
    form = EmailLanguageForm(request.POST)
    if form.is_valid():
        services.user_set_language(user=request.user, language=form.cleaned_data["language"])
        messages.success(request, _("Your emails will now be in the language you chose."))
    else:
        messages.error(request, _("Choose English, French or Spanish."))
    return redirect("workspace:home")
