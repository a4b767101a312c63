from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Registration

ACCESS_NEEDS_MAX = 500


class RegistrationForm(forms.ModelForm):
    """What a person may tell the organizers when registering; both are optional."""

    class Meta:
        model = Registration
        fields = ["organization", "access_needs"]
        labels = {
            "organization": _("Your organization"),
            "access_needs": _("Access needs"),
        }
        help_texts = {
            "organization": _("As it should appear on the list of participants."),
            "access_needs": _(
                "Anything the organizers should arrange for you to take part: step-free "
                "access, sign language interpretation, a dietary need. Only GFMD staff see "
                "it. Up to 500 characters."
            ),
        }
        widgets = {
            "organization": forms.TextInput(attrs={"autocomplete": "organization"}),
            "access_needs": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limits are checked on the server with a message, as GOV.UK's character count
        # does, instead of the browser silently cutting what was typed.
        self.fields["organization"].widget.attrs.pop("maxlength", None)

    def clean_organization(self):
        return self.cleaned_data["organization"].strip()

    def clean_access_needs(self):
        needs = self.cleaned_data["access_needs"].strip()
        if len(needs) > ACCESS_NEEDS_MAX:
            raise forms.ValidationError(
                _("Access needs must be %(max)d characters or fewer; you wrote %(length)d."),
                code="too_long",
                params={"max": ACCESS_NEEDS_MAX, "length": len(needs)},
            )
        return needs
