"""A practice: a government policy, programme or tool on migration and development."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from pfp.core.models import CheckedUpload, ListedItem
from pfp.core.uploads import UnguessableUploadPath
from pfp.moderation.models import Reviewable, ReviewableQuerySet, ReviewState

practice_image_path = UnguessableUploadPath("practices/images")
practice_attachment_path = UnguessableUploadPath("practices/attachments")


class Practice(Reviewable):
    class Type(models.TextChoices):
        POLICY = "policy", _("Policy")
        PROGRAMME = "programme", _("Programme or project")
        LEGISLATION = "legislation", _("Legislation")
        AGREEMENT = "agreement", _("Bilateral or multilateral agreement")
        TOOL = "tool", _("Tool or guidance")
        STUDY = "study", _("Study")
        PARTNERSHIP = "partnership", _("Partnership")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")

    class Scope(models.TextChoices):
        NATIONAL = "national", _("National")
        SUBNATIONAL = "sub-national", _("Sub-national")
        BILATERAL = "bilateral", _("Bilateral")
        REGIONAL = "regional", _("Regional")
        GLOBAL = "global", _("Global")

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    summary = models.TextField(
        _("summary"), max_length=600, help_text=_("Plain text, at most 600 characters.")
    )
    description = models.TextField(_("description"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    implementation = models.TextField(_("implementation"), blank=True)
    results = models.TextField(_("results and impact"), blank=True)
    enabling_factors = models.TextField(_("enabling factors and constraints"), blank=True)
    sustainability = models.TextField(_("sustainability and replicability"), blank=True)
    lessons_learned = models.TextField(_("lessons learned and pitfalls"), blank=True)

    practice_type = models.CharField(
        _("type of practice"), max_length=20, choices=Type, default=Type.PROGRAMME
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    geographic_scope = models.CharField(
        _("geographic scope"), max_length=20, choices=Scope, blank=True
    )

    government = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name=_("owning government"),
        limit_choices_to={"is_national_government": True, "country__isnull": False},
    )
    lead_countries = models.ManyToManyField(
        "taxonomy.Country",
        blank=True,
        related_name="led_practices",
        verbose_name=_("lead governments"),
    )
    other_countries = models.ManyToManyField(
        "taxonomy.Country",
        blank=True,
        related_name="partner_practices",
        verbose_name=_("other countries involved"),
    )
    partner_organizations = models.ManyToManyField(
        "accounts.Organization",
        blank=True,
        related_name="partner_practices",
        verbose_name=_("partner organizations"),
    )
    partner_types = models.ManyToManyField(
        "taxonomy.PartnerType",
        blank=True,
        related_name="practices",
        verbose_name=_("kinds of partners involved"),
    )
    thematic_areas = models.ManyToManyField(
        "taxonomy.ThematicArea", related_name="practices", verbose_name=_("M&D thematic areas")
    )
    sdg_targets = models.ManyToManyField(
        "taxonomy.SDGTarget", related_name="practices", verbose_name=_("SDG targets")
    )
    gcm_objectives = models.ManyToManyField(
        "taxonomy.GCMObjective",
        blank=True,
        related_name="practices",
        verbose_name=_("GCM objectives"),
    )
    roundtables = models.ManyToManyField(
        "taxonomy.Roundtable",
        blank=True,
        through="PracticeRoundtable",
        related_name="practices",
        verbose_name=_("GFMD roundtables"),
    )
    other_gfmd_sources = models.TextField(
        _("other GFMD sources"),
        blank=True,
        help_text=_("For example a GFMD mechanism's call to action or a thematic meeting."),
    )
    keywords = TaggableManager(_("keywords"), blank=True)
    image = models.ImageField(_("image"), upload_to=practice_image_path, blank=True)
    image_alt = models.CharField(
        _("image description"),
        max_length=255,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    language = models.CharField(
        _("content language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    # A named person readers may write to (as the Migration Network Hub's repository shows),
    # on the public page only when the focal point chooses to publish it.
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_role = models.CharField(_("contact role"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_public = models.BooleanField(_("publish the contact"), default=False)
    source_note = models.CharField(
        _("source"),
        max_length=255,
        blank=True,
        help_text=_("Where the record comes from, e.g. a GFMD report."),
    )
    # The key of an imported record (practices/imports.py): its identifier on the platform it
    # came from, so that importing the same file again finds it instead of adding a copy.
    external_id = models.CharField(
        _("identifier on the previous platform"),
        max_length=100,
        blank=True,
        help_text=_("Set by imports: the key that matches a row of an import file."),
    )

    # Search, kept up to date by practices.search.document.refresh_search_columns(): the
    # folded words of everything searchable, in which quoted phrases are checked; and, for a
    # published practice only, its analysed terms for the text index (practices.search.engine
    # packs them), read by every process instead of analysing the text again.
    search_document = models.TextField(blank=True, default="", editable=False)
    search_postings = models.BinaryField(null=True, blank=True, editable=False)

    # A proposed update of a published practice is a practice of its own, pointing here; the
    # published text stays public until a moderator publishes the update onto it.
    update_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="proposed_updates",
        verbose_name=_("update of"),
    )
    last_reviewed_at = models.DateField(_("last reviewed"), null=True, blank=True)

    objects = ReviewableQuerySet.as_manager()
    review_actions = Reviewable.review_actions | {"propose_update"}
    history = HistoricalRecords(
        excluded_fields=["search_document", "search_postings"],
        m2m_fields=[
            thematic_areas,
            sdg_targets,
            gcm_objectives,
            lead_countries,
            other_countries,
            partner_organizations,
            partner_types,
        ],
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        indexes = [models.Index(fields=["review_state", "-published_at"])]
        constraints = [
            # One proposed update in flight per published practice.
            models.UniqueConstraint(
                fields=["update_of"],
                condition=models.Q(review_state__in=["draft", "submitted", "returned"]),
                name="one_update_in_flight_per_practice",
            ),
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True)
                | models.Q(start_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="practice_end_year_not_before_start",
            ),
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="practice_external_id_once",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("practices:detail", args=[self.slug])

    def on_review_transition(self, *, action, actor, now):
        """Publishing a practice also marks it reviewed today. A proposed update is published
        onto its practice by the workflow's merge effect (practices/services.py), and is then
        kept, marked merged, as the record of what changed."""
        if action.target != ReviewState.PUBLISHED:
            return []
        if self.update_of_id:
            self.review_state = ReviewState.MERGED
            return []
        self.last_reviewed_at = now.date()
        return [
            "last_reviewed_at",
            *super().on_review_transition(action=action, actor=actor, now=now),
        ]

    def review_action_available(self, action):
        if action.name == "propose_update":
            # An update is itself edited, not updated.
            return not self.update_of_id
        return super().review_action_available(action)

    @property
    def needs_review(self):
        """Published records not reviewed for two years are flagged as possibly out of date."""
        if not self.last_reviewed_at:
            return False
        age = timezone.localdate() - self.last_reviewed_at
        return age.days > settings.PFP_REVIEW_AFTER_DAYS

    @property
    def years(self):
        if self.start_year and self.end_year and self.start_year != self.end_year:
            return f"{self.start_year}–{self.end_year}"
        if self.start_year:
            return str(self.start_year)
        return ""


class PracticeRoundtable(models.Model):
    class Presentation(models.TextChoices):
        BACKGROUND_PAPER = "background_paper", _("Background paper")
        DISCUSSION = "discussion", _("Discussion")

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE)
    roundtable = models.ForeignKey("taxonomy.Roundtable", on_delete=models.PROTECT)
    presentation = models.CharField(
        _("how"), max_length=20, choices=Presentation, default=Presentation.DISCUSSION
    )

    class Meta:
        verbose_name = _("GFMD roundtable")
        verbose_name_plural = _("GFMD roundtables")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "roundtable"], name="practice_roundtable_once"
            ),
        ]

    def __str__(self):
        return f"{self.roundtable} ({self.get_presentation_display()})"


class PracticeLink(ListedItem):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(_("address"), max_length=500)

    class Meta(ListedItem.Meta):
        verbose_name = _("link")
        verbose_name_plural = _("links")


class PracticeAttachment(CheckedUpload):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=practice_attachment_path)

    class Meta(CheckedUpload.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


class SearchTerm(models.Model):
    """A term of the text index (a stemmed word, "remitt"), numbered once for all processes:
    the packed postings of practices name terms by these ids."""

    term = models.CharField(max_length=100, unique=True)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self):
        return self.term


class SearchWord(models.Model):
    """A word as a published practice writes it ("remittances"), and its term: what spelling
    corrections are chosen from. Only published practices add words, and a word is offered
    only while a published practice holds its term."""

    word = models.CharField(max_length=100, unique=True)
    term = models.ForeignKey(SearchTerm, on_delete=models.CASCADE, related_name="words")

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self):
        return self.word


class PracticeIndexChange(models.Model):
    """An append-only log of changes that the in-memory facet index must take in.

    Written in the same transaction as the change itself, so that every process sees exactly
    the changes that were committed. `practice_id` is empty when reference data changed and
    the index must be rebuilt whole.
    """

    practice_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("index change")
        verbose_name_plural = _("index changes")

    def __str__(self):
        return f"{self.pk}: {self.practice_id or 'all'}"
