"""Reference data: SDGs and targets, GCM objectives, thematic areas, partner types, countries
with their UN M49 regions, GFMD summits and their roundtables.

Loaded from fixtures/ by `manage.py load_pfp_data`; editable by staff in the admin.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from pfp.core.folding import fold_term


class SDGGoal(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    short_title = models.CharField(_("short title"), max_length=100)
    title = models.CharField(_("official title"), max_length=300)
    color = models.CharField(_("colour"), max_length=7, help_text=_("Official colour, #RRGGBB."))

    class Meta:
        ordering = ["number"]
        verbose_name = _("SDG")
        verbose_name_plural = _("SDGs")

    def __str__(self):
        return f"{self.number}. {self.short_title}"

    def get_absolute_url(self):
        return reverse("taxonomy:goal", args=[self.number])

    @property
    def text_color(self):
        """White or black, whichever reads better on the goal's colour (WCAG contrast)."""
        return readable_text_color(self.color)


def readable_text_color(background_hex):
    red, green, blue = (int(background_hex[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(channel):
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    contrast_with_white = 1.05 / (luminance + 0.05)
    contrast_with_black = (luminance + 0.05) / 0.05
    return "#ffffff" if contrast_with_white >= contrast_with_black else "#000000"


def target_position(code):
    """Sort key for a target code: numeric targets in order, then lettered ones (10.1 … 10.c)."""
    goal, _dot, suffix = code.partition(".")
    rank = int(suffix) if suffix.isdigit() else 50 + ord(suffix.lower()) - ord("a")
    return int(goal) * 100 + rank


# A target's short text: at most this many characters, cut at a word.
TARGET_SHORT_LENGTH = 60
# "By 2030, ensure …": the date that opens many targets says nothing about what they are.
TARGET_DATE_OPENING = re.compile(r"^By \d{4},\s*")
# Words a shortened text does not end on ("… the poor and…").
TARGET_WEAK_ENDINGS = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "by",
    "for",
    "in",
    "of",
    "on",
    "or",
    "the",
    "to",
    "with",
}


def short_target_text(text, length=TARGET_SHORT_LENGTH):
    """A target's text short enough for a facet, a chip or a list: its date opening dropped
    and cut at the last whole word within `length`, with an ellipsis."""
    text = TARGET_DATE_OPENING.sub("", " ".join(text.split())).rstrip(".")
    text = text[:1].upper() + text[1:]
    if len(text) <= length:
        return text
    words = text[: length + 1].rsplit(" ", 1)[0].split(" ")
    while len(words) > 1 and words[-1].lower().strip(",;:") in TARGET_WEAK_ENDINGS:
        words.pop()
    return " ".join(words).rstrip(" ,;:–—-") + "…"


class SDGTarget(models.Model):
    goal = models.ForeignKey(SDGGoal, on_delete=models.PROTECT, related_name="targets")
    code = models.CharField(_("code"), max_length=8, unique=True)
    text = models.TextField(_("official text"))
    is_explicit_migration = models.BooleanField(
        _("names migration explicitly"),
        default=False,
        help_text=_("One of the ten targets that name migration or migrants explicitly."),
    )
    migration_topic = models.CharField(_("migration topic"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("position"), editable=False, db_index=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self):
        return _("Target %(code)s") % {"code": self.code}

    def save(self, *args, **kwargs):
        self.position = target_position(self.code)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("taxonomy:target", args=[self.code])

    @property
    def short_text(self):
        return short_target_text(self.text)

    @property
    def label(self):
        """The code and the short text: "10.7 — Facilitate orderly, safe, regular and …"."""
        return f"{self.code} — {self.short_text}"

    @property
    def full_label(self):
        """The code and the whole official text."""
        return f"{self.code} — {self.text}"


class GCMObjective(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    short_name = models.CharField(_("short name"), max_length=120)
    title = models.CharField(_("title"), max_length=400)

    class Meta:
        ordering = ["number"]
        verbose_name = _("GCM objective")
        verbose_name_plural = _("GCM objectives")

    def __str__(self):
        return _("Objective %(number)s: %(name)s") % {
            "number": self.number,
            "name": self.short_name,
        }

    def get_absolute_url(self):
        return reverse("taxonomy:gcm", args=[self.number])


class ThematicArea(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    scope = models.TextField(_("scope"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("taxonomy:theme", args=[self.slug])


class PartnerType(models.Model):
    NATIONAL_GOVERNMENT = "national-government"

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("partner type")
        verbose_name_plural = _("partner types")

    def __str__(self):
        return self.name

    @property
    def is_national_government(self):
        return self.slug == self.NATIONAL_GOVERNMENT


class Region(models.Model):
    """A UN M49 area: a region (Africa), a sub-region (Sub-Saharan Africa) or an intermediate
    region (Western Africa), each part of the level above it. Loaded from m49_regions.csv."""

    class Level(models.TextChoices):
        REGION = "region", _("Region")
        SUBREGION = "sub-region", _("Sub-region")
        INTERMEDIATE = "intermediate-region", _("Intermediate region")

    # The level each level is part of, and what staff are told when the parent is wrong.
    PARENT_LEVEL = {Level.SUBREGION: Level.REGION, Level.INTERMEDIATE: Level.SUBREGION}
    PARENT_MESSAGES = {
        Level.REGION: _("A region is not part of another area."),
        Level.SUBREGION: _("A sub-region is part of a region."),
        Level.INTERMEDIATE: _("An intermediate region is part of a sub-region."),
    }

    m49 = models.PositiveSmallIntegerField(_("M49 code"), unique=True)
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(
        _("public identifier"),
        max_length=80,
        unique=True,
        help_text=_("Used in links, e.g. western-africa."),
    )
    level = models.CharField(_("level"), max_length=20, choices=Level)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("part of"),
    )
    aliases = models.CharField(
        _("other names"),
        max_length=300,
        blank=True,
        help_text=_("Informal names people search for, separated by semicolons, e.g. West Africa."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("M49 region")
        verbose_name_plural = _("M49 regions")

    def __str__(self):
        return self.name

    def clean(self):
        wanted = self.PARENT_LEVEL.get(self.level)
        parent_level = self.parent.level if self.parent_id else None
        if self.level in self.PARENT_MESSAGES and parent_level != wanted:
            message = self.PARENT_MESSAGES[self.level]
            raise ValidationError({"parent": ValidationError(message, code="wrong_parent_level")})

    @property
    def alias_list(self):
        return [alias.strip() for alias in self.aliases.split(";") if alias.strip()]


class CountryQuerySet(models.QuerySet):
    def states(self):
        """The states with a government: UN member states and the non-member observer states
        (the Holy See, the State of Palestine). Not territories, nor Antarctica."""
        return self.filter(models.Q(un_member=True) | models.Q(un_observer=True))


class Country(models.Model):
    """A country or territory (ISO 3166) with its UN M49 region, sub-region and, where M49
    has one, intermediate region.

    `region` and `subregion` are the names of the source table (`subregion` is the finest
    level); `m49_subregion` and `m49_intermediate_region` place the country in the hierarchy.
    """

    code = CountryField(_("country"), unique=True)
    iso3 = models.CharField(_("ISO alpha-3"), max_length=3, unique=True)
    m49 = models.PositiveSmallIntegerField(_("M49 code"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    region = models.CharField(_("region"), max_length=60, blank=True)
    subregion = models.CharField(_("sub-region"), max_length=80, blank=True)
    region_slug = models.SlugField(
        _("region identifier"), max_length=60, blank=True, editable=False
    )
    subregion_slug = models.SlugField(
        _("sub-region identifier"), max_length=80, blank=True, editable=False
    )
    un_member = models.BooleanField(_("UN member state"), default=False)
    un_observer = models.BooleanField(
        _("UN observer state"),
        default=False,
        help_text=_("A non-member state with permanent observer status at the UN."),
    )
    # M49's own columns: every country has a sub-region, some also an intermediate region.
    m49_subregion = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subregion_countries",
        limit_choices_to={"level": Region.Level.SUBREGION},
        verbose_name=_("M49 sub-region"),
    )
    m49_intermediate_region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intermediate_region_countries",
        limit_choices_to={"level": Region.Level.INTERMEDIATE},
        verbose_name=_("M49 intermediate region"),
    )

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.region_slug = slugify(self.region)
        self.subregion_slug = slugify(self.subregion)
        super().save(*args, **kwargs)

    def clean(self):
        intermediate = self.m49_intermediate_region
        if intermediate is not None and intermediate.parent_id != self.m49_subregion_id:
            message = ValidationError(
                _("%(area)s is part of %(parent)s."),
                code="intermediate_region_outside_subregion",
                params={"area": intermediate, "parent": intermediate.parent},
            )
            raise ValidationError({"m49_intermediate_region": message})

    @property
    def display_name(self):
        """The name in the active language, from django-countries, else the stored one."""
        return self.code.name or self.name

    @property
    def is_state(self):
        """A state with a government, which may lead a practice (`CountryQuerySet.states`)."""
        return self.un_member or self.un_observer


class Summit(models.Model):
    """A GFMD summit, known by the year of its chairmanship (Quito, held in 2020, is 2019)."""

    class Format(models.TextChoices):
        IN_PERSON = "in-person", _("In person")
        VIRTUAL = "virtual", _("Virtual")
        HYBRID = "hybrid", _("Hybrid")

    year = models.PositiveSmallIntegerField(_("chairmanship year"), unique=True)
    number = models.PositiveSmallIntegerField(_("summit number"), null=True, blank=True)
    chair_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="chaired_summits",
        verbose_name=_("chair country"),
    )
    chair_label = models.CharField(
        _("chair as named"),
        max_length=120,
        blank=True,
        help_text=_("How the chair is named, e.g. with a co-chair."),
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    theme = models.TextField(_("theme"), blank=True)
    dates = models.CharField(_("dates"), max_length=200, blank=True)
    format = models.CharField(_("format"), max_length=20, choices=Format, default=Format.IN_PERSON)
    verified = models.BooleanField(_("verified"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    sources = models.TextField(_("sources"), blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("GFMD summit")
        verbose_name_plural = _("GFMD summits")

    def __str__(self):
        place = self.city or self.chair_country.display_name
        return _("GFMD %(year)s, %(place)s") % {"year": self.year, "place": place}

    def get_absolute_url(self):
        return reverse("taxonomy:summit", args=[self.year])


class Roundtable(models.Model):
    """A roundtable of a summit, or one of its sessions, known publicly as e.g. `2017-2.1`."""

    class Level(models.TextChoices):
        ROUNDTABLE = "roundtable", _("Roundtable")
        SESSION = "session", _("Roundtable session")
        CLUSTER = "cluster", _("Cluster")
        THEMATIC_PRIORITY = "thematic priority", _("Thematic priority")
        POLICY_AREA = "policy area", _("Policy area")
        THEMATIC_AREA = "thematic area", _("Thematic area")

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="roundtables")
    identifier = models.CharField(
        _("public identifier"),
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(
                r"^[0-9]{4}-[a-z0-9][a-z0-9.-]*$",
                _("Use the summit year, a hyphen, then lower-case letters, digits, dots, hyphens."),
            )
        ],
        help_text=_("Stable identifier used in links, e.g. 2017-2.1."),
    )
    number = models.CharField(_("number"), max_length=20, blank=True)
    title = models.TextField(_("title"), blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level, default=Level.ROUNDTABLE)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("part of"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    themes = models.ManyToManyField(
        ThematicArea, blank=True, related_name="roundtables", verbose_name=_("themes covered")
    )
    source = models.URLField(_("source"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["summit__year", "position"]
        verbose_name = _("roundtable")
        verbose_name_plural = _("roundtables")

    def __str__(self):
        label = self.number or self.get_level_display()
        title = self.title or _("title not recorded")
        return f"{self.summit.year} {label}: {title}"

    def get_absolute_url(self):
        return reverse("taxonomy:summit", args=[self.summit.year]) + f"#rt-{self.identifier}"


def roundtable_identifier(year, number, level, ordinal):
    """A stable public identifier: `2017-2.1`, `2012-1.a`, `2011-cluster-i`, `2007-rt1`."""
    if number and re.fullmatch(r"[0-9a-z.]+", number.lower()):
        return f"{year}-{number.lower()}"
    if number:
        return f"{year}-{slugify(number)}"
    prefix = "s" if level == Roundtable.Level.SESSION else "rt"
    return f"{year}-{prefix}{ordinal}"


# --- search variants -----------------------------------------------------------------------

# Bounds of one term. The official full names of the field's organizations run to eight words
# ("Office of the High Commissioner for Human Rights"); more than that is a sentence.
MAX_TERM_WORDS = 8
MAX_TERM_LENGTH = 100
MAX_TERMS = 30
# What the form takes in one field, so that a paste of a whole document is refused at once.
MAX_TERMS_TEXT = MAX_TERMS * (MAX_TERM_LENGTH + 2)


def split_terms(text):
    """The terms of a text as staff type it: one per line or, all on one line, separated by
    commas. Stripped of surrounding spaces, empty ones left out, in order.

    A term may hold a comma only when the terms are on separate lines (punctuation does not
    matter to search anyway)."""
    text = text or ""
    pieces = text.splitlines() if ("\n" in text or "\r" in text) else text.split(",")
    return [piece.strip() for piece in pieces if piece.strip()]


def stored_terms(text):
    """The terms of a stored value: one per line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class SearchVariant(models.Model):
    """A group of terms that search treats as one: a search for any term of the group also
    finds the others ("labour", "labor"). Optionally, one way only, further terms the group's
    terms also find without being found by them: a demonym finds its country ("Filipino" →
    "Philippines"), while a search for the country does not bring every text with the
    demonym.

    Terms are stored as typed, one per line; search compares them folded
    (`pfp.core.folding.fold_term`). `pfp.taxonomy.variants.equivalents()` is what search reads.
    """

    class Kind(models.TextChoices):
        SPELLING = "spelling", _("Spelling variant (British / American)")
        COMPOUND = "compound", _("Compound (one word / two words)")
        DEMONYM = "demonym", _("Demonym → country")
        ACRONYM = "acronym", _("Acronym ↔ full name")
        SYNONYM = "synonym", _("Other equivalent")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind, db_index=True)
    terms = models.TextField(
        _("terms"),
        max_length=MAX_TERMS_TEXT,
        help_text=_(
            "Words or short phrases, one per line, or all on one line separated by commas. A "
            "search for any of them also finds the others."
        ),
    )
    also_finds = models.TextField(
        _("also finds (one way)"),
        max_length=MAX_TERMS_TEXT,
        blank=True,
        help_text=_(
            "Optional, one per line. A search for a term above also finds these, but a search "
            "for these does not find the terms above. For a demonym: the country, as it is "
            "named in the texts."
        ),
    )
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_(
            "Untick to stop search from using this group. Prefer this to deleting a group that "
            "came with the portal: a deleted one comes back when the reference data is loaded "
            "again."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["kind", "terms"]
        verbose_name = _("search variant")
        verbose_name_plural = _("search variants")

    def __str__(self):
        text = ", ".join(self.term_list)
        if self.also_finds_list:
            text += " → " + ", ".join(self.also_finds_list)
        return text

    @property
    def term_list(self):
        return stored_terms(self.terms)

    @property
    def also_finds_list(self):
        return stored_terms(self.also_finds)

    @property
    def is_both_ways(self):
        return not self.also_finds_list

    def clean(self):
        errors = {}
        for check in (self.check_terms, self.check_other_groups):
            try:
                check()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
        # Stored as typed, one term per line.
        self.terms = "\n".join(split_terms(self.terms))
        self.also_finds = "\n".join(split_terms(self.also_finds))

    def check_terms(self):
        """The terms and the one-way terms as lists, checked without the database: raises
        ValidationError, by field."""
        terms, also_finds = split_terms(self.terms), split_terms(self.also_finds)
        errors = {}
        for field, values in (("terms", terms), ("also_finds", also_finds)):
            # The first few are enough to show what is wrong.
            messages = [message for value in values if (message := _term_error(value))][:5]
            if len(values) > MAX_TERMS:
                messages.append(
                    ValidationError(
                        _("At most %(max)d terms, please: split the group."),
                        code="too_many_terms",
                        params={"max": MAX_TERMS},
                    )
                )
            if messages:
                errors[field] = messages
        if not terms:
            errors.setdefault("terms", []).append(
                ValidationError(_("Enter at least one term."), code="no_terms")
            )
        elif len(terms) == 1 and not also_finds:
            errors.setdefault("terms", []).append(
                ValidationError(
                    _(
                        "A group needs at least two terms, or a term under “also finds” for a "
                        "one-way equivalent."
                    ),
                    code="single_term",
                )
            )
        if self.kind == self.Kind.DEMONYM and not also_finds:
            errors.setdefault("also_finds", []).append(
                ValidationError(
                    _("A demonym finds its country: enter the country under “also finds”."),
                    code="demonym_without_country",
                )
            )
        if errors:
            raise ValidationError(errors)
        seen = {}
        for field, values in (("terms", terms), ("also_finds", also_finds)):
            for value in values:
                folded = fold_term(value)
                if folded in seen:
                    errors.setdefault(field, []).append(
                        ValidationError(
                            _(
                                "“%(term)s” and “%(other)s” are the same term for search "
                                "(which ignores case, accents and punctuation): keep one."
                            ),
                            code="repeated_term",
                            params={"term": value, "other": seen[folded]},
                        )
                    )
                seen[folded] = value
        if errors:
            raise ValidationError(errors)
        return terms, also_finds

    def check_other_groups(self):
        """A term belongs to one group of each kind, so that its meaning is edited in one
        place. Checked here rather than by a constraint, as terms are free text; two staff
        saving clashing groups at the same instant would only give search the union."""
        folded_terms = {fold_term(value): value for value in split_terms(self.terms)}
        folded_terms.pop("", None)
        errors = []
        others = SearchVariant.objects.filter(kind=self.kind).exclude(pk=self.pk)
        for other in others.only("pk", "terms", "also_finds"):
            for value in other.term_list:
                clash = folded_terms.get(fold_term(value))
                if clash is not None:
                    errors.append(
                        ValidationError(
                            _(
                                "“%(term)s” is already in another group of this kind "
                                "(“%(group)s”): edit that group instead."
                            ),
                            code="term_in_other_group",
                            params={"term": clash, "group": str(other)},
                        )
                    )
        if errors:
            raise ValidationError({"terms": errors})


def _term_error(value):
    folded = fold_term(value)
    if not folded:
        return ValidationError(
            _("“%(term)s” has no letters or digits: search would ignore it."),
            code="empty_term",
            params={"term": value},
        )
    if len(value) > MAX_TERM_LENGTH:
        return ValidationError(
            _("“%(term)s…” is longer than %(max)d characters."),
            code="term_too_long",
            params={"term": value[:30], "max": MAX_TERM_LENGTH},
        )
    if len(folded.split()) > MAX_TERM_WORDS:
        return ValidationError(
            _("“%(term)s” has more than %(max)d words: enter a word or a short phrase."),
            code="term_too_many_words",
            params={"term": value, "max": MAX_TERM_WORDS},
        )
    return None
