"""Importing practices from the previous platform's files (CSV or XLSX), and exporting them in
the same columns, through django-import-export in the admin.

One row is one practice, found again by its key, the `external_id` column (its identifier on
the previous platform): a row whose key is known updates that practice, a row whose key is new
creates one, and a row without a key is refused. Reference data is named by its public
identifiers (`GH`, `10.c`, `diaspora`, `2017-2.1` …), lists separated by semicolons; an
unknown identifier is a row error that names the column and the value.

Staff choose, for the practices the file creates, to publish them with their source recorded
(`services.practice_publish_imported`: a moderation log entry, the search index reached the
way a moderated publication reaches it) or to leave them as drafts of their lead government,
for its focal points to review and submit. A practice already on the portal keeps its review
state; only its content changes.

A row that would change nothing is skipped: importing the same file twice changes nothing the
second time (no new practice, no history record, no log entry). Reference data and the
practices the file names are read once per import, not once per row.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.forms import ConfirmImportForm, ImportForm
from taggit.models import Tag, TaggedItem

from pfp.accounts.models import Organization
from pfp.moderation.models import ReviewState
from pfp.taxonomy.loading import split_list
from pfp.taxonomy.models import (
    Country,
    GCMObjective,
    PartnerType,
    Roundtable,
    SDGTarget,
    ThematicArea,
)

from .models import Practice, PracticeRoundtable
from .report import get_or_create_government, unique_slug_base

# What one upload may hold: the previous platform's ~800 practices, with room to spare (the
# file's size is capped by PFP_MAX_UPLOAD_BYTES).
MAX_IMPORT_ROWS = 5000
# What the history says of a change an import made.
IMPORT_CHANGE_REASON = "Imported from a file"
DEFAULT_SOURCE = "GFMD Platform for Partnerships (previous platform)"
LIST_SEPARATOR = "; "


class ImportMode:
    PUBLISH = "publish"
    DRAFT = "draft"
    CHOICES = [
        (PUBLISH, _("Publish them, with their source recorded")),
        (DRAFT, _("Keep them as drafts for their lead government to review")),
    ]


# --- the columns ---------------------------------------------------------------------------


# A cell that a spreadsheet would run as a formula starts with one of these. The export writes
# such a cell behind an apostrophe, as spreadsheets themselves do for text, and the import
# takes the apostrophe off again: the round trip keeps the text, and no export runs "=cmd|…".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(text):
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class TextWidget(widgets.CharWidget):
    """Text as written, trimmed; a number an XLSX cell holds reads as its digits."""

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value)
        if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
            text = text[1:]
        return text.strip()

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class YearWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = TextWidget().clean(value)
        if not text:
            return None
        try:
            year = int(float(text))
        except ValueError:
            raise ValueError(gettext("“%(value)s” is not a year.") % {"value": text[:50]}) from None
        if not 1900 <= year <= 2100:
            raise ValueError(gettext("%(value)s is not a plausible year.") % {"value": year})
        return year

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceWidget(widgets.Widget):
    """One of a model field's choices, by its value (`programme`) or its English label."""

    def __init__(self, choices, *, blank=True, **kwargs):
        super().__init__(**kwargs)
        self.choices = dict(choices)
        self.blank = blank

    def clean(self, value, row=None, **kwargs):
        text = TextWidget().clean(value)
        if not text:
            if self.blank:
                return ""
            raise ValueError(gettext("A value is needed."))
        if text in self.choices:
            return text
        for key, label in self.choices.items():
            if text.lower() in (key.lower(), str(label).lower()):
                return key
        raise ValueError(
            gettext("“%(value)s” is not one of: %(choices)s.")
            % {"value": text[:50], "choices": ", ".join(self.choices)}
        )

    def render(self, value, obj=None, **kwargs):
        return value or ""


class RelationColumn(fields.Field):
    """A list column: public identifiers separated by semicolons, each looked up in a table
    that `PracticeResource.before_import` reads once. Cleaned with the other columns (so that
    an unknown identifier is a row error before anything is saved) and set after the save."""

    def __init__(self, *, table, what, identify, **kwargs):
        super().__init__(widget=widgets.Widget(), **kwargs)
        self.table = table  # the name of a PracticeResource lookup table
        self.what = what  # what one item is, for messages: "country code"
        self.identify = identify  # an item -> its public identifier, for the export

    def identifiers(self, row):
        value = row.get(self.column_name)
        return split_list(TextWidget().clean(value))

    def export(self, instance, **kwargs):
        if instance.pk is None:
            return ""
        return LIST_SEPARATOR.join(sorted(self.identify(item) for item in self.items(instance)))

    def items(self, instance):
        return list(getattr(instance, self.attribute).all())


class PracticeResource(resources.ModelResource):
    # Read by _check_row, which knows a portal practice's own key (see dehydrate_external_id).
    external_id = fields.Field("external_id", "external_id", widget=TextWidget(), readonly=True)
    title = fields.Field("title", "title", widget=TextWidget())
    summary = fields.Field("summary", "summary", widget=TextWidget())
    description = fields.Field("description", "description", widget=TextWidget())
    objectives = fields.Field("objectives", "objectives", widget=TextWidget())
    implementation = fields.Field("implementation", "implementation", widget=TextWidget())
    results = fields.Field("results", "results", widget=TextWidget())
    enabling_factors = fields.Field("enabling_factors", "enabling_factors", widget=TextWidget())
    sustainability = fields.Field("sustainability", "sustainability", widget=TextWidget())
    lessons_learned = fields.Field("lessons_learned", "lessons_learned", widget=TextWidget())
    practice_type = fields.Field(
        "practice_type", "practice_type", widget=ChoiceWidget(Practice.Type.choices, blank=False)
    )
    status = fields.Field("status", "status", widget=ChoiceWidget(Practice.Status.choices))
    start_year = fields.Field("start_year", "start_year", widget=YearWidget())
    end_year = fields.Field("end_year", "end_year", widget=YearWidget())
    geographic_scope = fields.Field(
        "geographic_scope", "geographic_scope", widget=ChoiceWidget(Practice.Scope.choices)
    )
    language = fields.Field(
        "language", "language", widget=ChoiceWidget(Practice._meta.get_field("language").choices)
    )
    lead_countries = RelationColumn(
        attribute="lead_countries",
        column_name="lead_countries",
        table="countries",
        what=_("country code"),
        identify=lambda country: str(country.code),
    )
    other_countries = RelationColumn(
        attribute="other_countries",
        column_name="other_countries",
        table="countries",
        what=_("country code"),
        identify=lambda country: str(country.code),
    )
    partner_organizations = RelationColumn(
        attribute="partner_organizations",
        column_name="partner_organizations",
        table="organizations",
        what=_("organization"),
        identify=lambda organization: organization.name,
    )
    partner_types = RelationColumn(
        attribute="partner_types",
        column_name="partner_types",
        table="partner_types",
        what=_("partner type"),
        identify=lambda kind: kind.slug,
    )
    thematic_areas = RelationColumn(
        attribute="thematic_areas",
        column_name="thematic_areas",
        table="themes",
        what=_("theme"),
        identify=lambda theme: theme.slug,
    )
    sdg_targets = RelationColumn(
        attribute="sdg_targets",
        column_name="sdg_targets",
        table="targets",
        what=_("SDG target"),
        identify=lambda target: target.code,
    )
    gcm_objectives = RelationColumn(
        attribute="gcm_objectives",
        column_name="gcm_objectives",
        table="objectives",
        what=_("GCM objective"),
        identify=lambda objective: str(objective.number),
    )
    roundtables = RelationColumn(
        attribute="roundtables",
        column_name="roundtables",
        table="roundtables",
        what=_("GFMD roundtable"),
        identify=lambda roundtable: roundtable.identifier,
    )
    keywords = RelationColumn(
        attribute="keywords",
        column_name="keywords",
        table="",
        what=_("keyword"),
        identify=lambda tag: tag.name,
    )
    other_gfmd_sources = fields.Field(
        "other_gfmd_sources", "other_gfmd_sources", widget=TextWidget()
    )
    source_note = fields.Field("source_note", "source", widget=TextWidget())

    class Meta:
        model = Practice
        fields = [
            "external_id",
            "title",
            "summary",
            "description",
            "objectives",
            "implementation",
            "results",
            "enabling_factors",
            "sustainability",
            "lessons_learned",
            "practice_type",
            "status",
            "start_year",
            "end_year",
            "geographic_scope",
            "lead_countries",
            "other_countries",
            "partner_organizations",
            "partner_types",
            "thematic_areas",
            "sdg_targets",
            "gcm_objectives",
            "roundtables",
            "keywords",
            "other_gfmd_sources",
            "source_note",
            "language",
        ]
        import_order = fields
        export_order = fields
        import_id_fields = ["external_id"]
        # The row's own summary (new, update, skip, error) replaces the field-by-field diff,
        # which would read every relation of every practice back.
        skip_diff = True
        report_skipped = True
        # The row's checks are ours (_check_row), in plain words and without a query each.
        clean_model_instances = False
        use_transactions = True

    def __init__(self, *, mode=ImportMode.DRAFT, source="", actor=None, **kwargs):
        super().__init__(**kwargs)
        self.mode = mode
        self.source = (source or "").strip() or DEFAULT_SOURCE
        self.actor = actor

    # --- reading the file -------------------------------------------------------------------

    @classmethod
    def field_column(cls, name):
        return cls.fields[name].column_name

    def before_import(self, dataset, **kwargs):
        """Read every table once: reference data, organizations, and the practices the file's
        keys name, with all their relations (a snapshot to tell what a row changes)."""
        if len(dataset) > MAX_IMPORT_ROWS:
            raise ValueError(
                gettext("The file has %(count)s rows; at most %(max)s are imported at once.")
                % {"count": len(dataset), "max": MAX_IMPORT_ROWS}
            )
        self.user = kwargs.get("user") or self.actor
        self.countries = {str(country.code): country for country in Country.objects.all()}
        self.partner_types = {kind.slug: kind for kind in PartnerType.objects.all()}
        self.themes = {theme.slug: theme for theme in ThematicArea.objects.all()}
        self.targets = {target.code.lower(): target for target in SDGTarget.objects.all()}
        self.objectives = {str(o.number): o for o in GCMObjective.objects.all()}
        self.roundtables = {r.identifier: r for r in Roundtable.objects.all()}
        self.organizations = {}
        for organization in Organization.objects.order_by("id"):
            self.organizations.setdefault(organization.name.casefold(), organization)
        self.governments = {
            government.country_id: government
            for government in Organization.objects.filter(
                is_national_government=True, country__isnull=False
            ).order_by("-id")
        }
        self.slugs = set(Practice.objects.values_list("slug", flat=True))
        self.tags = {tag.name: tag for tag in Tag.objects.all()}
        headers = [str(header or "").strip() for header in dataset.headers or []]
        dataset.headers = headers
        keys = []
        if "external_id" in headers:
            keys = [TextWidget().clean(value) for value in dataset["external_id"]]
        self.first_row_of_key = {}
        for number, key in enumerate(keys, 1):
            if key:
                self.first_row_of_key.setdefault(key, number)
        relations = [
            name for name, field in self.fields.items() if isinstance(field, RelationColumn)
        ]
        portal_ids = [int(key[4:]) for key in keys if key.startswith("pfp-") and key[4:].isdigit()]
        found = Practice.objects.filter(
            Q(external_id__in=[key for key in keys if key])
            | Q(id__in=portal_ids, external_id="", update_of__isnull=True)
        )
        found = list(
            found.prefetch_related(
                *[r for r in relations if r != "roundtables"],
                Prefetch(
                    "practiceroundtable_set",
                    queryset=PracticeRoundtable.objects.select_related("roundtable"),
                ),
            )
        )
        self.existing = {p.external_id: p for p in found if p.external_id}
        self.portal_made = {portal_key(p): p for p in found if not p.external_id}

    def _check_import_id_fields(self, headers):
        if "external_id" not in headers:
            raise ValueError(
                gettext(
                    "The file has no external_id column: every row needs the identifier it "
                    "had on the previous platform, so that importing the file again finds it."
                )
            )

    def get_instance(self, instance_loader, row):
        key = TextWidget().clean(row.get("external_id"))
        return self.existing.get(key) or self.portal_made.get(key)

    def init_instance(self, row=None):
        return Practice(review_state=ReviewState.DRAFT, practice_type=Practice.Type.PROGRAMME)

    def import_row(self, row, instance_loader, **kwargs):
        # The dry run reads and checks, and writes nothing at all (no savepoint to roll back):
        # what would be created is only described.
        self._dry_run = bool(kwargs.get("dry_run"))
        self._changes = []
        result = super().import_row(row, instance_loader, **kwargs)
        result.number = kwargs.get("row_number")
        result.key = TextWidget().clean(row.get("external_id"))[:100]
        result.title = TextWidget().clean(row.get("title"))[:255]
        result.changed_columns = self._changes
        result.messages = _row_messages(result)
        return result

    def import_instance(self, instance, row, **kwargs):
        """Clean every column the file has into the practice (relations into a pending list),
        collecting every problem of the row, each under its column."""
        errors = {}
        self._pending = {}
        self._was = _snapshot(self, instance) if instance.pk else None
        for field in self.get_import_fields():
            if field.column_name not in row:
                continue
            try:
                if isinstance(field, RelationColumn):
                    self._pending[field.attribute] = self._resolve(field, row)
                else:
                    field.save(instance, row)
            except ValueError as error:
                errors[field.column_name] = ValidationError(str(error), code="invalid")
        self._check_row(instance, row, errors, number=kwargs.get("row_number"))
        if errors:
            raise ValidationError(errors)

    def _resolve(self, field, row):
        identifiers = field.identifiers(row)
        if field.attribute == "keywords":
            return sorted({name[:100] for name in identifiers})
        if field.attribute == "partner_organizations":
            return [self._organization(name, row) for name in identifiers]
        table = getattr(self, field.table)
        found, unknown = [], []
        for identifier in identifiers:
            lookup = identifier.upper() if field.table == "countries" else identifier
            lookup = lookup.lower() if field.table == "targets" else lookup
            if lookup in table:
                found.append(table[lookup])
            else:
                unknown.append(identifier)
        if unknown:
            raise ValueError(
                gettext("Unknown %(what)s: %(values)s.")
                % {"what": field.what, "values": ", ".join(f"“{v[:50]}”" for v in unknown)}
            )
        return list(dict.fromkeys(found))

    def _organization(self, name, row):
        """An organization by its name; created, unverified, when the portal has none of that
        name (its kind: the row's first partner type that is not a national government)."""
        name = name[:255]
        organization = self.organizations.get(name.casefold())
        if organization is None:
            kinds = [
                self.partner_types[slug]
                for slug in split_list(TextWidget().clean(row.get("partner_types")))
                if slug in self.partner_types
            ]
            kind = next((k for k in kinds if not k.is_national_government), None)
            organization = Organization(
                name=name, partner_type=kind or self.partner_types.get("civil-society")
            )
            if not self._dry_run:
                organization.save()
            self.organizations[name.casefold()] = organization
        return organization

    def _check_row(self, instance, row, errors, *, number):
        key = TextWidget().clean(row.get("external_id"))
        if not key:
            errors["external_id"] = ValidationError(
                gettext("The row has no external_id: it is needed to find the row again."),
                code="required",
            )
        elif len(key) > 100:
            errors["external_id"] = ValidationError(
                gettext("The external_id is longer than 100 characters."), code="max_length"
            )
        elif self.first_row_of_key.get(key, number) != number:
            errors["external_id"] = ValidationError(
                gettext("The external_id “%(key)s” is already used on row %(row)s.")
                % {"key": key[:50], "row": self.first_row_of_key[key]},
                code="duplicate",
            )
        if "title" not in errors and not instance.title:
            errors["title"] = ValidationError(gettext("A title is needed."), code="required")
        for name, limit in (("title", 255), ("source_note", 255)):
            if len(getattr(instance, name)) > limit:
                errors[self.fields[name].column_name] = ValidationError(
                    gettext("At most %(limit)s characters are allowed; this has %(count)s.")
                    % {"limit": limit, "count": len(getattr(instance, name))},
                    code="max_length",
                )
        if "summary" not in errors:
            if not instance.summary:
                errors["summary"] = ValidationError(
                    gettext("A summary is needed."), code="required"
                )
            elif len(instance.summary) > 600:
                errors["summary"] = ValidationError(
                    gettext("The summary has %(count)s characters; at most 600 are allowed.")
                    % {"count": len(instance.summary)},
                    code="max_length",
                )
        if instance.start_year and instance.end_year and instance.end_year < instance.start_year:
            errors.setdefault(
                "end_year",
                ValidationError(gettext("The end year is before the start year."), code="order"),
            )
        if "lead_countries" not in errors:
            leads = self._pending.get("lead_countries")
            # A new practice belongs to its first lead country's government; one already on
            # the portal may have none (the report's multilateral practices).
            if instance.pk is None and not leads:
                errors["lead_countries"] = ValidationError(
                    gettext("At least one lead country is needed (an ISO code such as GH)."),
                    code="required",
                )
            elif leads and instance.government_id is None:
                instance.government = self._government(leads[0])
        for name in ("thematic_areas", "sdg_targets"):
            if name not in errors and self._pending.get(name) == [] and instance.pk is None:
                errors[name] = ValidationError(gettext("At least one is needed."), code="required")
        if not instance.source_note and "source" not in errors:
            instance.source_note = self.source[:255]
        if not instance.slug:
            # A row without a title is refused (above); its slug is only a placeholder.
            instance.slug = self._slug(instance.title) if instance.title else "-"
        if not (instance.pk and key == portal_key(instance)):
            instance.external_id = key[:100]

    def _slug(self, title):
        """The slug unique_slug() would give, from the slugs read once."""
        base = unique_slug_base(title)
        slug, n = base, 2
        while slug in self.slugs:
            slug, n = f"{base}-{n}", n + 1
        self.slugs.add(slug)
        return slug

    def _government(self, country):
        if country.pk not in self.governments:
            if self._dry_run:
                return None  # made, if missing, by the import itself
            self.governments[country.pk] = get_or_create_government(country)[0]
        return self.governments[country.pk]

    # --- deciding and saving ----------------------------------------------------------------

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.pk is None:
            return False
        now = _snapshot(self, instance, pending=self._pending)
        self._changes = [
            self.fields[name].column_name
            for name in now
            if self.fields[name].column_name in row and now[name] != self._was[name]
        ]
        return not self._changes

    def save_instance(self, instance, is_create, row, **kwargs):
        if self._dry_run:
            return
        # One history record per imported row, taken once its relations are in place (see
        # save_m2m), rather than one per relation set.
        instance.skip_history_when_saving = True
        if is_create:
            instance.created_by = self.user if self.user and self.user.pk else None
        super().save_instance(instance, is_create, row, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        if self._dry_run:
            return
        is_create = self._created(instance)
        for attribute, items in self._pending.items():
            if attribute == "keywords" and is_create:
                self._insert_keywords(instance, items)
            elif attribute == "keywords":
                instance.keywords.set(items)
            elif attribute == "roundtables":
                _set_roundtables(instance, items)
            elif is_create:
                # Nothing public to tell yet (the publication below reaches the search index
                # once every relation is in place): the link rows go in at once.
                _insert_links(instance, attribute, items)
            else:
                getattr(instance, attribute).set(items)
        del instance.skip_history_when_saving
        if is_create and self.mode == ImportMode.PUBLISH:
            from .services import practice_publish_imported

            practice_publish_imported(
                practice=instance,
                actor=self.user,
                source=self.source,
                change_reason=IMPORT_CHANGE_REASON,
            )
        else:
            instance._history_user = self.user
            instance._change_reason = IMPORT_CHANGE_REASON
            instance.save(update_fields=["updated_at"])
        if is_create:
            # That history record is the practice's first: "created", not "changed".
            Practice.history.filter(id=instance.pk).update(history_type="+")

    def _insert_keywords(self, practice, names):
        missing = [name for name in names if name not in self.tags]
        for name in missing:
            self.tags[name] = Tag.objects.create(name=name)
        TaggedItem.objects.bulk_create(
            TaggedItem(content_object=practice, tag=self.tags[name]) for name in names
        )

    def _created(self, instance):
        return self._was is None

    # --- the export -------------------------------------------------------------------------

    def get_queryset(self):
        return Practice.objects.filter(update_of__isnull=True).order_by("id")

    def filter_export(self, queryset, **kwargs):
        return queryset.prefetch_related(
            "lead_countries",
            "other_countries",
            "partner_organizations",
            "partner_types",
            "thematic_areas",
            "sdg_targets",
            "gcm_objectives",
            "roundtables",
            "keywords",
        )

    def dehydrate_external_id(self, practice):
        # A practice made on the portal has no key from elsewhere: its export names it by its
        # id, so that the exported file imports back onto the same practices.
        return practice.external_id or portal_key(practice)

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        return defuse(value) if isinstance(value, str) else value


def portal_key(practice):
    return f"pfp-{practice.pk}"


def _snapshot(resource, practice, pending=None):
    """What a row can change of a practice: its columns' values and its relations' members."""
    values = {}
    for name, field in resource.fields.items():
        if isinstance(field, RelationColumn):
            if pending is not None and field.attribute in pending:
                items = pending[field.attribute]
            elif practice.pk is None:
                items = []
            elif field.attribute == "roundtables":
                items = [link.roundtable for link in practice.practiceroundtable_set.all()]
            elif field.attribute == "keywords":
                items = [tag.name for tag in practice.keywords.all()]
            else:
                items = list(getattr(practice, field.attribute).all())
            values[name] = sorted(map(_identity, items))
        else:
            values[name] = field.get_value(practice)
    return values


def _identity(item):
    """What a relation's member is compared by: a keyword by its name, an organization the
    import would create by its name, anything else by its id."""
    if isinstance(item, str):
        return item
    return str(item.pk) if item.pk else f"new:{item}"


def _insert_links(practice, attribute, items):
    field = Practice._meta.get_field(attribute)
    through = field.remote_field.through
    own, other = field.m2m_column_name(), field.m2m_reverse_name()
    through.objects.bulk_create(
        through(**{own: practice.pk, other: item.pk}) for item in dict.fromkeys(items)
    )


def _set_roundtables(practice, roundtables):
    """The roundtables a row names; one already linked keeps how it was presented."""
    kept = {
        link.roundtable_id: link for link in PracticeRoundtable.objects.filter(practice=practice)
    }
    wanted = {roundtable.pk for roundtable in roundtables}
    PracticeRoundtable.objects.filter(practice=practice).exclude(roundtable_id__in=wanted).delete()
    PracticeRoundtable.objects.bulk_create(
        PracticeRoundtable(practice=practice, roundtable=roundtable)
        for roundtable in roundtables
        if roundtable.pk not in kept
    )


def _row_messages(result):
    """Every problem of a row in plain words: [(column, message)]."""
    messages = []
    if result.validation_error is not None:
        for column, problems in result.validation_error.message_dict.items():
            for problem in problems:
                messages.append((column if column != "__all__" else "", problem))
    for error in result.errors:
        messages.append(
            ("", gettext("This row could not be read: %(error)s") % {"error": error.error})
        )
    return messages


# --- the admin's forms ---------------------------------------------------------------------


def _check_upload(upload):
    limit = settings.PFP_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(size)s MB: split it into smaller files."),
            code="too_large",
            params={"size": max(1, limit // (1024 * 1024))},
        )


class PracticeImportForm(ImportForm):
    mode = forms.ChoiceField(
        label=_("New practices"),
        choices=ImportMode.CHOICES,
        initial=ImportMode.DRAFT,
        widget=forms.RadioSelect,
        help_text=_(
            "Practices already on the portal keep their review state: only their content changes."
        ),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=255,
        initial=DEFAULT_SOURCE,
        help_text=_("Recorded on each new practice whose row names no source of its own."),
    )

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        _check_upload(upload)
        return upload


class PracticeConfirmImportForm(ConfirmImportForm):
    mode = forms.ChoiceField(choices=ImportMode.CHOICES, widget=forms.HiddenInput)
    source = forms.CharField(max_length=255, widget=forms.HiddenInput)
