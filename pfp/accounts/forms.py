from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, SetPasswordMixin
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from pfp.core.languages import Language
from pfp.taxonomy.models import Country, PartnerType

from . import emails, limits, signin
from .selectors import organizations_open_to_partners, user_with_email

THROTTLED_MESSAGE = _(
    "There have been many failed attempts to sign in to this account from different places, "
    "so for now it takes one attempt a minute from browsers it does not know. Try again in a "
    "minute, or reset your password: following the link we email you lets this browser in "
    "at once."
)


class AccountThrottleMixin:
    """Refuse an attempt that the per-account throttle holds back (`signin.account_throttled`)
    before the password is checked. For Django's authentication forms, which have
    `self.request`; the site's sign-in form and the admin's both use it."""

    throttled = False

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip().lower()
        if username and self.request is not None:
            user = user_with_email(username)
            if signin.account_throttled(self.request, username, user):
                self.throttled = True
                raise ValidationError(THROTTLED_MESSAGE, code="throttled")
        return super().clean()


class SignInForm(AccountThrottleMixin, AuthenticationForm):
    """Django's sign-in form, asking for the email address by that name."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Email address")
        self.fields["username"].widget.attrs["autocomplete"] = "email"

    def clean_username(self):
        # Addresses are stored in lower case; this also counts failed attempts (django-axes)
        # against one name whatever its case.
        return self.cleaned_data["username"].strip().lower()


class StaffSignInForm(AccountThrottleMixin, AdminAuthenticationForm):
    """The admin's sign-in form, under the same per-account throttle."""


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's reset form, within the cap of mails to one address (`limits.mail_allowed`)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # In the portal's one mail frame rather than Django's own templates.
        if limits.mail_allowed(to_email):
            emails.send_password_reset(to_email, uid=context["uid"], token=context["token"])


def check_invitable(email, organization):
    """Raise ValidationError if `email` cannot be invited to act for `organization`."""
    user = user_with_email(email)
    membership = getattr(user, "membership", None) if user else None
    if membership is None:
        return
    if membership.organization_id != organization.pk:
        raise ValidationError(
            _(
                "This person already belongs to another organization (%(organization)s). "
                "A person acts for one organization only: GFMD staff can move them."
            ),
            code="other_organization",
            params={"organization": membership.organization},
        )
    if membership.is_focal_point:
        raise ValidationError(
            _("This person is already a focal point of %(government)s."),
            code="already_focal_point",
            params={"government": organization},
        )


class ColleagueInvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Your colleague’s email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Enter your colleague’s email address."),
            "invalid": _("Enter an email address in the correct format, like name@example.org."),
        },
    )

    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        help_text=_("Your colleague’s emails from the portal will be in this language too."),
        choices=Language,
        # Left out of a post, it is the language of the page the form was sent from.
        required=False,
        error_messages={"invalid_choice": _("Choose English, French or Spanish.")},
    )

    def __init__(self, *args, government, **kwargs):
        super().__init__(*args, **kwargs)
        self.government = government
        self.fields["language"].initial = translation.get_language()

    def clean_language(self):
        return self.cleaned_data["language"] or translation.get_language()

    def clean_email(self):
        # Whether the address has an account, and where, is not checked here: the answer
        # would tell the inviter. The invitation is made either way; an existing account is
        # emailed instead when the invitation cannot work for it, and staff see why.
        return get_user_model().objects.normalize_email(self.cleaned_data["email"]).lower()


class EmailLanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of your emails"),
        choices=Language,
        error_messages={"invalid_choice": _("Choose English, French or Spanish.")},
    )


class NewAccountForm(SetPasswordMixin, forms.Form):
    """The name and password of a new account: a partner signing up, or a focal point
    accepting an invitation."""

    first_name = forms.CharField(
        label=_("Given name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={"required": _("Enter your given name.")},
    )
    last_name = forms.CharField(
        label=_("Family name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    password1, password2 = SetPasswordMixin.create_password_fields()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What to do, as GOV.UK's messages say it, rather than "This field is required."
        self.fields["password1"].error_messages["required"] = _("Enter a password.")
        self.fields["password2"].error_messages["required"] = _(
            "Enter the same password again, to check it."
        )

    def validate_new_password(self, email):
        """Both passwords match and pass the validators, which also compare the password with
        the name and address of the person it is for."""
        self.validate_passwords()
        user = get_user_model()(
            email=email,
            first_name=self.cleaned_data.get("first_name", ""),
            last_name=self.cleaned_data.get("last_name", ""),
        )
        self.validate_password_for_user(user)


class InvitationAcceptForm(NewAccountForm):
    """A new focal point names themself and chooses a password."""

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean(self):
        self.validate_new_password(self.invitation.email)
        return self.cleaned_data


class SignUpForm(NewAccountForm):
    """A partner signs up, naming an organization from the list or a new one."""

    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We send a link to this address: your account opens when you follow it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address in the correct format, like name@example.org."),
        },
    )
    organization = forms.ModelChoiceField(
        label=_("Your organization"),
        queryset=None,
        required=False,
        empty_label=_("Not in the list: I name it below"),
        help_text=_("Organizations verified by GFMD staff. Governments are not in this list."),
    )
    new_organization_name = forms.CharField(
        label=_("Name of your organization"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    new_organization_type = forms.ModelChoiceField(
        label=_("Kind of organization"),
        queryset=PartnerType.objects.exclude(slug=PartnerType.NATIONAL_GOVERNMENT),
        required=False,
        empty_label=_("Choose one"),
    )
    new_organization_country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.order_by("name"),
        required=False,
        empty_label=_("None: an international organization"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_open_to_partners()

    def clean_email(self):
        # An address that has an account is not refused here: the form would tell anyone
        # which addresses have accounts. The view answers alike and emails the owner.
        return get_user_model().objects.normalize_email(self.cleaned_data["email"]).lower()

    def clean(self):
        cleaned = self.cleaned_data
        organization = cleaned.get("organization")
        name = cleaned.get("new_organization_name", "").strip()
        if organization and name:
            self.add_error(
                "new_organization_name",
                ValidationError(
                    _(
                        "You chose %(organization)s from the list: leave this empty, or choose "
                        "“Not in the list” to name a new organization."
                    ),
                    code="both_organizations",
                    params={"organization": organization},
                ),
            )
        elif not organization and not name and "organization" not in self.errors:
            self.add_error(
                "organization",
                ValidationError(
                    _("Choose your organization, or name it below if it is not in the list."),
                    code="no_organization",
                ),
            )
        elif name:
            if not cleaned.get("new_organization_type") and "new_organization_type" not in (
                self.errors
            ):
                self.add_error(
                    "new_organization_type",
                    ValidationError(
                        _("Choose the kind of organization you are naming."),
                        code="required",
                    ),
                )
            listed = organizations_open_to_partners().filter(name__iexact=name).first()
            if listed is not None:
                self.add_error(
                    "new_organization_name",
                    ValidationError(
                        _("%(organization)s is in the list already: choose it there."),
                        code="listed",
                        params={"organization": listed},
                    ),
                )
            cleaned["new_organization_name"] = name
        self.validate_new_password(cleaned.get("email", ""))
        return cleaned


class OneTimeCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "off"}
        ),
    )

    def __init__(self, *args, label=None, help_text=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["code"].label = label
        if help_text:
            self.fields["code"].help_text = help_text

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split())
