from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pfp.moderation.editing import VersionedFormMixin
from pfp.taxonomy.models import Country, GCMObjective, PartnerType, SDGTarget, ThematicArea
from pfp.taxonomy.widgets import TargetCheckboxes
from practices.models import Practice

from .models import CallForAction, Offer
from .services import CALL_FIELDS, CALL_M2M_FIELDS


class CallForm(VersionedFormMixin, forms.ModelForm):
    """A focal point's call. The government is always the focal point's, never a field."""

    class Meta:
        model = CallForAction
        fields = [*CALL_FIELDS, *CALL_M2M_FIELDS]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 8}),
            "sought": forms.Textarea(attrs={"rows": 5}),
            **dict.fromkeys(CALL_M2M_FIELDS, forms.CheckboxSelectMultiple),
            "sdg_targets": TargetCheckboxes,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner_types"].queryset = PartnerType.objects.order_by("name")
        self.fields["thematic_areas"].queryset = ThematicArea.objects.all()
        self.fields["sdg_targets"].queryset = SDGTarget.objects.select_related("goal")
        self.fields["sdg_targets"].label_from_instance = lambda target: target.full_label
        self.fields["gcm_objectives"].queryset = GCMObjective.objects.all()
        self.fields["countries"].queryset = Country.objects.order_by("name")
        self.fields["countries"].label_from_instance = lambda country: country.display_name
        # Published practices only; a practice related before it was unpublished stays.
        related = self.instance.related_practices.all() if self.instance.pk else []
        practices = Practice.objects.published().filter(update_of__isnull=True)
        self.fields["related_practices"].queryset = (
            practices | Practice.objects.filter(pk__in=[p.pk for p in related])
        ).order_by("title")

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(
                _("The deadline cannot be in the past."), code="deadline_in_past"
            )
        return deadline

    def service_fields(self):
        data = self.cleaned_data
        return {name: data[name] for name in [*CALL_FIELDS, *CALL_M2M_FIELDS] if name in data}


class OfferForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Offer
        fields = ["kind", "message", "contact_name", "contact_email", "contact_phone"]
        widgets = {
            "kind": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "message": _(
                "What your organization offers, and how. Only the call's government "
                "and GFMD staff read it."
            ),
            "contact_email": _("The call's government writes to this address."),
        }

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("decline", _("Decline"))], widget=forms.HiddenInput
    )
    message = forms.CharField(
        label=_("Message to the organization (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DigestForm(forms.Form):
    daily_digest = forms.BooleanField(
        label=_("Send me one daily digest of new offers instead of an email for each"),
        required=False,
    )
