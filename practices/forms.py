"""The practice form a focal point fills in, and its links, roundtables and documents.

A draft may be saved with a title only, so that nobody loses work to a rule they cannot meet
yet; what a submission needs is checked when it is submitted (`selectors.practice_missing`).
These forms validate input; `practices.services` decides who may save what and when.
"""

from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from pfp.accounts.models import Organization
from pfp.core import uploads
from pfp.taxonomy.models import Country, GCMObjective, Roundtable, SDGTarget

from .fields import COPIED_RELATIONS, TEXT_SECTIONS
from .models import Practice, PracticeRoundtable

MARKDOWN_SYNTAX = _(
    "Markdown: **bold**, *italic*, lists with “-” at the start of lines, [link text](https://…)."
)
MARKDOWN_HELP = format_lazy("{} {}", MARKDOWN_SYNTAX, _("Leave it empty if it does not apply."))
FIRST_YEAR, LAST_YEAR = 1950, 2100
TEXT_FIELDS = TEXT_SECTIONS
CHECKBOX_FIELDS = COPIED_RELATIONS


class CountryField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class OrganizationField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        details = [obj.partner_type.name]
        if obj.country_id:
            details.append(obj.country.display_name)
        return f"{obj.name} ({', '.join(str(d) for d in details)})"


class TargetField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_label


class GroupedTargetsMixin:
    """The form's `sdg_targets` checkboxes grouped by goal, for workspace/_targets.html: 169
    values are found by their goal, or by filtering. Call `group_targets()` in `__init__`."""

    def group_targets(self):
        self.targets = {}
        groups = {}
        for target in SDGTarget.objects.select_related("goal").order_by("position"):
            self.targets[target.pk] = target
            groups.setdefault(target.goal, []).append((target.pk, f"{target.code} {target.text}"))
        self.fields["sdg_targets"].choices = [
            (_("Goal %(goal)s") % {"goal": str(goal)}, options) for goal, options in groups.items()
        ]

    @property
    def target_groups(self):
        """[(goal label, [(checkbox, target)])] in goal order, for the template."""
        # The field's checkboxes come in the order of the grouped choices.
        checkboxes = iter(self["sdg_targets"].subwidgets)
        return [
            (label, [(next(checkboxes), self.targets[value]) for value, _label in options])
            for label, options in self.fields["sdg_targets"].choices
        ]


class PracticeForm(GroupedTargetsMixin, forms.ModelForm):
    # The server says what is missing, in the error summary: no browser bubbles.
    use_required_attribute = False
    # The version the form was loaded with: a save from an older version is refused.
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    start_year = forms.IntegerField(
        label=_("Start year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    end_year = forms.IntegerField(
        label=_("End year"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("Leave empty if it is still running."),
    )
    image = forms.FileField(
        label=_("Image"),
        required=False,
        widget=forms.FileInput(attrs={"accept": uploads.accepted_extensions(uploads.IMAGE_KINDS)}),
        help_text=_("A photograph or illustration: PNG, JPEG, GIF or WebP, at most 10 MB."),
    )
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False)
    keywords = TagField(
        label=_("Keywords"),
        required=False,
        help_text=_("Words people may search for, separated by commas."),
    )

    class Meta:
        model = Practice
        fields = [
            "title",
            "summary",
            "practice_type",
            "status",
            "start_year",
            "end_year",
            "language",
            *TEXT_FIELDS,
            "lead_countries",
            "other_countries",
            "partner_organizations",
            "partner_types",
            "geographic_scope",
            "thematic_areas",
            "sdg_targets",
            "gcm_objectives",
            "other_gfmd_sources",
            "image",
            "image_alt",
            "keywords",
            "contact_name",
            "contact_role",
            "contact_email",
            "contact_public",
        ]
        field_classes = {
            "lead_countries": CountryField,
            "other_countries": CountryField,
            "partner_organizations": OrganizationField,
            "sdg_targets": TargetField,
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "other_gfmd_sources": forms.Textarea(attrs={"rows": 3}),
            **{name: forms.Textarea(attrs={"rows": 6}) for name in TEXT_FIELDS},
            **dict.fromkeys(CHECKBOX_FIELDS, forms.CheckboxSelectMultiple),
        }
        labels = {
            "title": _("Title"),
            "summary": _("Summary"),
            "practice_type": _("Type of practice"),
            "status": _("Status"),
            "language": _("Language of the text"),
            "description": _("Description"),
            "objectives": _("Objectives"),
            "implementation": _("Implementation"),
            "results": _("Results and impact"),
            "enabling_factors": _("Enabling factors and constraints"),
            "sustainability": _("Sustainability and replicability"),
            "lessons_learned": _("Lessons learned and pitfalls"),
            "lead_countries": _("Lead governments"),
            "other_countries": _("Other countries involved"),
            "partner_organizations": _("Partner organizations"),
            "partner_types": _("Kinds of partners involved"),
            "geographic_scope": _("Geographic scope"),
            "thematic_areas": _("M&D thematic areas"),
            "sdg_targets": _("SDG targets"),
            "gcm_objectives": _("GCM objectives"),
            "other_gfmd_sources": _("Other GFMD sources"),
            "image_alt": _("Image description"),
            "contact_name": _("Contact name"),
            "contact_role": _("Contact role"),
            "contact_email": _("Contact email address"),
            "contact_public": _("Publish this contact on the practice page"),
        }
        help_texts = {
            "title": _("Only the title is needed to save a draft."),
            "summary": _(
                "Needed to submit. Plain text, at most 600 characters: what it is, where, and "
                "for whom."
            ),
            "status": _("Needed to submit."),
            "description": format_lazy(
                "{} {}",
                _("Needed to submit. What the practice is, in a few paragraphs."),
                MARKDOWN_SYNTAX,
            ),
            **{name: MARKDOWN_HELP for name in TEXT_FIELDS if name != "description"},
            "lessons_learned": format_lazy(
                "{} {}", _("What did not work is as useful to others as what did."), MARKDOWN_HELP
            ),
            "lead_countries": _(
                "The governments that lead the practice. Needed to submit, unless partner "
                "organizations lead it. Type to filter."
            ),
            "other_countries": _("Countries taking part or covered. Type to filter."),
            "partner_organizations": _(
                "Organizations the governments work with. Not in the list? Ask GFMD staff to "
                "add it."
            ),
            "thematic_areas": _("Needed to submit: at least one."),
            "sdg_targets": _(
                "Needed to submit: at least one. Grouped by goal; type a code such as 10.7 or a "
                "word to filter."
            ),
            "gcm_objectives": _("Objectives of the Global Compact for Migration it serves."),
            "other_gfmd_sources": _(
                "For example a GFMD mechanism's call to action or a thematic meeting."
            ),
            "image_alt": _(
                "What the image shows, for people who cannot see it. Needed to submit when "
                "there is an image."
            ),
            "contact_role": _("For example: programme manager, Ministry of Labour."),
            "contact_email": _("Readers write to this address about the practice."),
            "contact_public": _(
                "Off unless you tick it: the contact is shown to the public only if you choose "
                "so, and only once the practice is published."
            ),
        }

    def __init__(self, *args, government=None, section=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            # A draft needs its title only; submission checks the rest.
            self.fields[name].required = name == "title"
        self.fields["status"].choices = [("", _("Choose a status"))] + list(Practice.Status.choices)
        self.fields["geographic_scope"].choices = [("", _("Not known yet"))] + list(
            Practice.Scope.choices
        )
        linked = (
            list(self.instance.partner_organizations.values_list("pk", flat=True))
            if self.instance.pk
            else []
        )
        self.fields["partner_organizations"].queryset = (
            (
                Organization.objects.filter(verified=True)
                | Organization.objects.filter(pk__in=linked)
            )
            .select_related("partner_type", "country")
            .distinct()
            .order_by("name")
        )
        self._limit_leads_to_states(government)
        self.fields["other_countries"].queryset = Country.objects.order_by("name")
        self.fields["gcm_objectives"].queryset = GCMObjective.objects.order_by("number")

        self.group_targets()
        if section is not None:
            # One page of the task list: only its fields are shown, validated and saved.
            for name in list(self.fields):
                if name not in section.fields and name != "expected_version":
                    del self.fields[name]

    def _limit_leads_to_states(self, government):
        """Only a state with a government leads a practice; `government` (given by the views
        while the leads are still to be chosen) is offered as the first lead. A lead an existing
        record already has stays offered."""
        leads = self.fields["lead_countries"]
        kept = self.instance.lead_countries.values("pk") if self.instance.pk else []
        leads.queryset = (Country.objects.states() | Country.objects.filter(pk__in=kept)).order_by(
            "name"
        )
        leads.error_messages["invalid_choice"] = _(
            "Choose the lead governments from the list: only states with a government may lead "
            "a practice."
        )
        country = getattr(government, "country", None)
        if country is not None and country.is_state and not self.initial.get("lead_countries"):
            self.initial["lead_countries"] = [country.pk]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):
            checked = uploads.check_image(image)
            # Stored under a random name with the extension of what it really is.
            image.name = checked.storage_name
        return image

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error(
                "end_year",
                ValidationError(
                    _("The end year is before the start year."), code="end_before_start"
                ),
            )
        if cleaned.get("remove_image") and not isinstance(cleaned.get("image"), UploadedFile):
            cleaned["image"] = False
        if "contact_name" in self.fields:
            self._check_contact(cleaned)
        return cleaned

    def _check_contact(self, cleaned):
        """A contact is a named person; a published one can be written to."""
        given = [cleaned.get(name) for name in ("contact_role", "contact_email", "contact_public")]
        if any(given) and not cleaned.get("contact_name") and "contact_name" not in self.errors:
            self.add_error(
                "contact_name",
                ValidationError(_("Give the contact's name."), code="contact_name_required"),
            )
        if (
            cleaned.get("contact_public")
            and not cleaned.get("contact_email")
            and "contact_email" not in self.errors
        ):
            self.add_error(
                "contact_email",
                ValidationError(
                    _("Give the contact's email address, or do not publish the contact."),
                    code="contact_email_required",
                ),
            )

    def service_fields(self):
        """The cleaned values the services take."""
        data = dict(self.cleaned_data)
        for name in ("expected_version", "remove_image"):
            data.pop(name, None)
        return data


class LinkForm(forms.Form):
    title = forms.CharField(label=_("Link text"), max_length=200, required=False)
    url = forms.URLField(
        label=_("Address"),
        max_length=500,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("title") and not cleaned.get("url") and "url" not in self.errors:
            self.add_error(
                "url", ValidationError(_("Give the address of the link."), code="url_required")
            )
        elif cleaned.get("url") and not cleaned.get("title"):
            cleaned["title"] = cleaned["url"]
        return cleaned


class RoundtableForm(forms.Form):
    roundtable = forms.ModelChoiceField(
        label=_("Roundtable"), queryset=Roundtable.objects.none(), required=False
    )
    presentation = forms.ChoiceField(
        label=_("How it was presented"),
        choices=PracticeRoundtable.Presentation.choices,
        initial=PracticeRoundtable.Presentation.DISCUSSION,
    )

    def __init__(self, *args, roundtable_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["roundtable"]
        field.queryset = Roundtable.objects.all()
        if roundtable_choices is not None:
            field.choices = roundtable_choices


def roundtable_choices():
    """Roundtables grouped by summit, newest summit first, as <optgroup>s."""
    groups = {}
    for roundtable in Roundtable.objects.select_related("summit__chair_country").order_by(
        "-summit__year", "position"
    ):
        label = roundtable.number or roundtable.get_level_display()
        title = roundtable.title or _("title not recorded")
        groups.setdefault(roundtable.summit, []).append((roundtable.pk, f"{label}: {title}"))
    return [("", _("Choose a roundtable"))] + [
        (str(summit), options) for summit, options in groups.items()
    ]


class AttachmentForm(forms.Form):
    attachment_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Document title"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"),
        required=False,
        widget=forms.FileInput(
            attrs={"accept": uploads.accepted_extensions(uploads.ATTACHMENT_KINDS)}
        ),
    )

    def __init__(self, *args, existing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.checked = None
        raw_id = self.data.get(self.add_prefix("attachment_id")) if self.is_bound else None
        raw_id = raw_id or self.initial.get("attachment_id")
        try:
            self.existing = (existing or {}).get(int(raw_id)) if raw_id else None
        except (TypeError, ValueError):
            self.existing = None
        if self.existing is not None:
            self.fields["file"].label = _("Replace the file")

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded:
            self.original_name = uploaded.name
            self.checked = uploads.check_attachment(uploaded)
            uploaded.name = self.checked.storage_name
        return uploaded

    def clean(self):
        cleaned = super().clean()
        if self.existing is None and cleaned.get("title") and not cleaned.get("file"):
            if "file" not in self.errors:
                self.add_error(
                    "file", ValidationError(_("Choose the file to attach."), code="file_required")
                )
        elif self.checked is not None and not cleaned.get("title"):
            cleaned["title"] = PurePosixPath(self.original_name).stem[:200] or _("Document")
        return cleaned


class WorkspaceFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove")

    def kept_forms(self):
        return [
            form
            for form in self.forms
            if form.has_changed() or form.initial
            if not (self.can_delete and self._should_delete_form(form))
        ]


class BaseLinkFormSet(WorkspaceFormSet):
    def cleaned_links(self):
        return [
            {"title": form.cleaned_data["title"], "url": form.cleaned_data["url"]}
            for form in self.kept_forms()
            if form.cleaned_data.get("url")
        ]


class BaseRoundtableFormSet(WorkspaceFormSet):
    def __init__(self, *args, **kwargs):
        self.roundtable_choices = roundtable_choices()
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "roundtable_choices": self.roundtable_choices}

    @property
    def empty_form(self):
        form = super().empty_form
        form.fields["roundtable"].choices = self.roundtable_choices
        return form

    def clean(self):
        seen = set()
        for form in self.kept_forms():
            roundtable = form.cleaned_data.get("roundtable") if form.is_valid() else None
            if roundtable is None:
                continue
            if roundtable.pk in seen:
                raise ValidationError(
                    _("%(roundtable)s is listed twice.") % {"roundtable": roundtable},
                    code="duplicate_roundtable",
                )
            seen.add(roundtable.pk)

    def cleaned_roundtables(self):
        return [
            (form.cleaned_data["roundtable"], form.cleaned_data["presentation"])
            for form in self.kept_forms()
            if form.cleaned_data.get("roundtable")
        ]


class BaseAttachmentFormSet(WorkspaceFormSet):
    def __init__(self, *args, practice=None, **kwargs):
        self.existing = (
            {a.pk: a for a in practice.attachments.all()} if practice and practice.pk else {}
        )
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "existing": self.existing}

    def cleaned_attachments(self):
        items = []
        for form in self.forms:
            deleted = self.can_delete and self._should_delete_form(form)
            data = form.cleaned_data if form.is_valid() else {}
            if form.existing is None and not form.checked:
                continue
            items.append(
                {
                    "id": form.existing.pk if form.existing else None,
                    "title": data.get("title") or (form.existing.title if form.existing else ""),
                    "upload": form.checked,
                    "delete": deleted,
                }
            )
        return items


def _rows_formset(form, formset, *, max_num):
    """The formset of one of a practice's lists: two empty rows to fill in, any row deleted
    with its box, at most `max_num` rows."""
    return forms.formset_factory(
        form, formset=formset, extra=2, can_delete=True, max_num=max_num, validate_max=True
    )


LinkFormSet = _rows_formset(LinkForm, BaseLinkFormSet, max_num=30)
RoundtableFormSet = _rows_formset(RoundtableForm, BaseRoundtableFormSet, max_num=30)
AttachmentFormSet = _rows_formset(AttachmentForm, BaseAttachmentFormSet, max_num=20)


def practice_forms(*, practice=None, data=None, files=None, section=None, government=None):
    """The practice form and its three formsets, bound to a request or filled from a practice.

    With a `section` (practices/sections.py), the form holds that section's fields only, and
    only that section's formsets are given. `government`, the focal point's, is offered as the
    first lead where the leads are still empty.
    """
    instance = practice or Practice()
    initial = {"expected_version": practice.version} if practice else {}
    form = PracticeForm(
        data, files, instance=instance, initial=initial, section=section, government=government
    )
    if practice is not None and data is None:
        links = [{"title": link.title, "url": link.url} for link in practice.links.all()]
        roundtables = [
            {"roundtable": link.roundtable_id, "presentation": link.presentation}
            for link in PracticeRoundtable.objects.filter(practice=practice)
        ]
        attachments = [
            {"attachment_id": a.pk, "title": a.title} for a in practice.attachments.all()
        ]
    else:
        links = roundtables = attachments = None
    formsets = {
        "links": lambda: LinkFormSet(data, prefix="links", initial=links),
        "roundtables": lambda: RoundtableFormSet(data, prefix="roundtables", initial=roundtables),
        "attachments": lambda: AttachmentFormSet(
            data, files, prefix="attachments", initial=attachments, practice=practice
        ),
    }
    wanted = formsets if section is None else section.formsets
    return {"form": form, **{key: formsets[key]() for key in wanted}}
