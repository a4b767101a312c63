"""The call form a focal point fills in, the offer form a partner fills in, and the date input
(day, month, year) of the call's deadline, which any form may use.

The call form is filled in one section at a time (calls_for_action/sections.py): a draft is
saved with a title and a kind only, so that nobody loses work to a rule they cannot meet yet;
what a submission needs is checked when it is submitted (`selectors.call_missing`)."""

import datetime

from django import forms
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pfp.moderation.editing import VersionedFormMixin
from pfp.taxonomy.models import Country, GCMObjective, PartnerType, ThematicArea
from practices.forms import CountryField, GroupedTargetsMixin, TargetField
from practices.models import Practice

from .models import CallForAction, Offer
from .services import CALL_FIELDS, CALL_M2M_FIELDS


class DateInputWidget(forms.MultiWidget):
    """The GOV.UK date input: day, month and year as three labelled text inputs.

    Rendered with `_date_input.html` (the labelled inputs); put it in a fieldset whose legend
    names the date (`workspace/_date_field.html` does). Text inputs with a numeric keyboard
    rather than `type="number"`, as GOV.UK recommends: no spinners, no scroll-wheel changes.
    """

    template_name = "_date_input.html"
    parts = [("day", _("Day"), 2), ("month", _("Month"), 2), ("year", _("Year"), 4)]

    def __init__(self, attrs=None):
        widgets = [
            forms.TextInput(attrs={"inputmode": "numeric", "maxlength": length})
            for _name, _label, length in self.parts
        ]
        super().__init__(widgets, attrs)

    def id_for_label(self, id_):
        # The error summary's link and any label lead to the day, the first input.
        return f"{id_}_0" if id_ else id_

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, (part, label, length) in zip(
            context["widget"]["subwidgets"], self.parts, strict=True
        ):
            subwidget.update(part=part, label=label, length=length)
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The site's templates, not the form renderer's: the inputs carry their own labels.
        return render_to_string(self.template_name, self.get_context(name, value, attrs))


class DateInputField(forms.MultiValueField):
    """A date typed as day, month and year, with the GOV.UK error messages.

    `noun` names the date in the messages ("the deadline"); `future=True` refuses a date before
    today. Give the "required" message too (`error_messages`), e.g. "Enter the deadline". Each
    message says what to fix: "The deadline must include a month", "The deadline must be a
    real date", "The deadline must be today or in the future".
    """

    widget = DateInputWidget

    def __init__(self, *, noun, future=False, **kwargs):
        self.noun = noun
        self.future = future
        parts = [forms.CharField(required=False) for _part in DateInputWidget.parts]
        super().__init__(parts, require_all_fields=False, **kwargs)

    def _error(self, message, code):
        return forms.ValidationError(message % {"noun": str(self.noun).capitalize()}, code=code)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(value or "").strip() for value in data_list)
        missing = [
            (day, _("%(noun)s must include a day.")),
            (month, _("%(noun)s must include a month.")),
            (year, _("%(noun)s must include a year.")),
        ]
        for value, message in missing:
            if not value:
                raise self._error(message, "incomplete")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise self._error(_("%(noun)s must be a real date."), "invalid")
        try:
            date = datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):  # a day of 99999999999999999999 overflows
            raise self._error(_("%(noun)s must be a real date."), "invalid") from None
        if self.future and date < timezone.localdate():
            raise self._error(_("%(noun)s must be today or in the future."), "in_past")
        return date


class CallForm(GroupedTargetsMixin, VersionedFormMixin, forms.ModelForm):
    """A focal point's call, or one section of it (`section`). The government is always the
    focal point's, never a field."""

    # The server says what is missing, in the error summary: no browser bubbles.
    use_required_attribute = False

    kind = forms.ChoiceField(
        label=_("Kind of call"),
        choices=CallForAction.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the kind of call.")},
    )
    deadline = DateInputField(
        label=_("Deadline"),
        noun=_("the deadline"),
        future=True,
        error_messages={"required": _("Enter the deadline.")},
        help_text=_(
            "Needed to submit. The last day on which offers are taken: today or later. For "
            "example, 31 3 2027"
        ),
    )

    class Meta:
        model = CallForAction
        fields = [*CALL_FIELDS, *CALL_M2M_FIELDS]
        field_classes = {"countries": CountryField, "sdg_targets": TargetField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "sought": forms.Textarea(attrs={"rows": 5}),
            **dict.fromkeys(CALL_M2M_FIELDS, forms.CheckboxSelectMultiple),
        }
        help_texts = {
            "title": _(
                "Say what your government seeks or offers, in a few words. The title and the "
                "kind of call are all a draft needs."
            ),
            "description": _(
                "Needed to submit. What the call is about, and why. Markdown is allowed."
            ),
            "sought": _("Needed to submit. What partners could bring. Markdown is allowed."),
            "sdg_targets": _(
                "Optional. Grouped by goal; type a code such as 10.7 or a word to filter."
            ),
            "countries": _("Optional. The countries the call is about. Type to filter."),
        }
        error_messages = {
            "title": {"required": _("Enter the title of the call.")},
            "description": {"required": _("Enter the description of the call.")},
            "sought": {"required": _("Enter what your government seeks.")},
        }

    def __init__(self, *args, section=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("description", "sought", "deadline"):
            # Needed to submit, not to save a draft.
            self.fields[name].required = False
        if not self.instance.pk:
            # The model's default kind would preselect a radio: the focal point chooses.
            self.initial.pop("kind", None)
        self.fields["partner_types"].queryset = PartnerType.objects.order_by("name")
        self.fields["thematic_areas"].queryset = ThematicArea.objects.all()
        self.group_targets()
        self.fields["gcm_objectives"].queryset = GCMObjective.objects.all()
        self.fields["countries"].queryset = Country.objects.order_by("name")
        # Published practices only; a practice related before it was unpublished stays.
        related = self.instance.related_practices.all() if self.instance.pk else []
        practices = Practice.objects.published().filter(update_of__isnull=True)
        self.fields["related_practices"].queryset = (
            practices | Practice.objects.filter(pk__in=[p.pk for p in related])
        ).order_by("title")
        if section is not None:
            # One page of the task list: only its fields are shown, validated and saved.
            for name in list(self.fields):
                if name not in section.fields and name != "expected_version":
                    del self.fields[name]

    def service_fields(self):
        data = self.cleaned_data
        return {name: data[name] for name in [*CALL_FIELDS, *CALL_M2M_FIELDS] if name in data}


class OfferForm(VersionedFormMixin, forms.ModelForm):
    # The server says what is missing, in the error summary: no browser bubbles.
    use_required_attribute = False
    # Radios with no blank choice and none preselected: the partner picks one.
    kind = forms.ChoiceField(
        label=_("Kind of offer"),
        choices=Offer.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the kind of offer your organization makes.")},
    )

    class Meta:
        model = Offer
        fields = ["kind", "message", "contact_name", "contact_email", "contact_phone"]
        widgets = {"message": forms.Textarea(attrs={"rows": 8})}
        labels = {
            "contact_name": _("Name"),
            "contact_email": _("Email address"),
            "contact_phone": _("Phone number"),
        }
        help_texts = {
            "message": _(
                "What your organization offers, and how. Only the call's government "
                "and GFMD staff read it."
            ),
            "contact_email": _("The call's government writes to this address."),
            "contact_phone": _("With the country code, for example +233 30 266 0000."),
        }
        error_messages = {
            "message": {"required": _("Enter your message to the call's government.")},
            "contact_name": {"required": _("Enter the name of the contact person.")},
            "contact_email": {
                "required": _("Enter the contact person's email address."),
                "invalid": _("Enter an email address like name@example.org."),
            },
        }

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AnswerForm(forms.Form):
    """The government's answer to an offer; accepting or declining is the page's URL."""

    message = forms.CharField(
        label=_("Message to the organization (optional)"),
        required=False,
        max_length=2000,
        help_text=_("Sent with the decision, for example the next step. At most 2,000 characters."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DigestForm(forms.Form):
    daily_digest = forms.BooleanField(
        label=_("Send me one daily digest of new offers instead of an email for each"),
        required=False,
    )
