"""Reads of practices that carry logic: what a practice page shows (the portal adds what other
apps show on it), what a focal point's workspace lists, and what a practice still needs before
it can be submitted."""

import json

from django.contrib.contenttypes.models import ContentType
from django.db.models import prefetch_related_objects
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pfp.core.text import render_markdown
from pfp.moderation.models import ModerationLogEntry, ReviewState

from .fields import COPIED_FIELDS, COPIED_RELATIONS
from .models import Practice, PracticeRoundtable
from .search.index import current_index

# The order a reader expects: what it is, what it aimed at, how it went, what was learned.
BODY_SECTIONS = [
    ("description", _("Description")),
    ("objectives", _("Objectives")),
    ("implementation", _("Implementation")),
    ("results", _("Results and impact")),
    ("enabling_factors", _("Enabling factors and constraints")),
    ("sustainability", _("Sustainability and replicability")),
    ("lessons_learned", _("Lessons learned and pitfalls")),
    ("other_gfmd_sources", _("Other GFMD sources")),
]


RELATED = 4


def related_practices(practice):
    """Published practices sharing targets and themes, in the facet index's order, shown with
    the list's own card (practices/_card.html) so that both say the same about who leads."""
    ids = current_index().related(practice.id, RELATED)
    by_id = {
        p.id: p
        for p in Practice.objects.filter(id__in=ids).only(
            "id", "slug", "title", "summary", "language", "start_year", "end_year"
        )
    }
    related = [by_id[practice_id] for practice_id in ids if practice_id in by_id]
    # The page's own practice shares the cards' queries: one per relation for all of them.
    prefetch_related_objects([practice, *related], "lead_countries", "thematic_areas")
    return related


def structured_data(practice, *, url, countries, themes):
    """schema.org JSON-LD for search engines, escaped for a <script> element."""
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": practice.title,
        "description": practice.summary,
        "url": url,
        "inLanguage": practice.language,
        "about": [theme.name for theme in themes],
        "spatialCoverage": [country.display_name for country in countries],
        "publisher": {"@type": "Organization", "name": "Global Forum on Migration and Development"},
    }
    if practice.government:
        data["author"] = {"@type": "GovernmentOrganization", "name": practice.government.name}
    if practice.published_at:
        data["datePublished"] = practice.published_at.date().isoformat()
    if practice.updated_at:
        data["dateModified"] = practice.updated_at.date().isoformat()
    text = json.dumps(data, ensure_ascii=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return mark_safe(text)  # noqa: S308 - JSON with <, > and & escaped


def practice_page(*, practice: Practice, url: str = "") -> dict:
    sections = [
        {"key": field, "label": label, "html": render_markdown(getattr(practice, field))}
        for field, label in BODY_SECTIONS
        if getattr(practice, field)
    ]
    related = related_practices(practice)
    lead_countries = list(practice.lead_countries.all())
    themes = list(practice.thematic_areas.all())
    return {
        "practice": practice,
        "url": url,
        "sections": sections,
        "related_practices": related,
        "structured_data": structured_data(
            practice, url=url, countries=lead_countries, themes=themes
        ),
        "lead_countries": lead_countries,
        "other_countries": list(practice.other_countries.all()),
        "partner_organizations": list(
            practice.partner_organizations.select_related("partner_type")
        ),
        "themes": themes,
        "targets": list(practice.sdg_targets.all()),
        "gcm_objectives": list(practice.gcm_objectives.all()),
        "roundtables": list(
            PracticeRoundtable.objects.filter(practice=practice).select_related(
                "roundtable__summit__chair_country"
            )
        ),
        "keywords": [tag.name for tag in practice.keywords.all()],
        "links": list(practice.links.all()),
        "attachments": list(practice.attachments.all()),
        "contact": published_contact(practice),
    }


def published_contact(practice: Practice) -> dict | None:
    """The practice's contact, if its government chose to publish it; None otherwise."""
    if not (practice.contact_public and practice.contact_name.strip()):
        return None
    return {
        "name": practice.contact_name,
        "role": practice.contact_role,
        "email": practice.contact_email,
    }


# --- the focal points' workspace -----------------------------------------------------------


def practice_missing(practice: Practice) -> list[tuple[str, str]]:
    """What a practice still needs before a moderator can review it: [(field, message)].

    A draft may be saved with a title only; a submission must hold what a reader of the
    public page and the search filters rely on. A proposed update is held only to what it
    changes: the practices of the GFMD report were published without a description or a
    status, and an update of their summary must not wait for someone to write them.
    """
    missing = _lacking(practice)
    if practice.update_of_id is None:
        return missing
    changed = update_changes(practice)
    return [
        (name, message) for name, message in missing if changed & RULE_DEPENDS_ON.get(name, {name})
    ]


def practice_lacks(practice: Practice) -> list[str]:
    """The labels of what the record lacks that a new submission must hold (e.g.
    "Description", "Status"): for the moderator to know, never a reason to refuse."""
    names = dict.fromkeys(name for name, _message in _lacking(practice))
    return [capfirst(str(Practice._meta.get_field(name).verbose_name)) for name in names]


# A check named after one field that reads others as well.
RULE_DEPENDS_ON = {
    "lead_countries": {"lead_countries", "partner_organizations"},
    "image_alt": {"image", "image_alt"},
}


def update_changes(update: Practice) -> set[str]:
    """The names of the fields and relations a proposed update changes in its practice."""
    original = update.update_of
    changed = {name for name in COPIED_FIELDS if getattr(update, name) != getattr(original, name)}
    for name in COPIED_RELATIONS:
        ids = [set(getattr(item, name).values_list("pk", flat=True)) for item in (update, original)]
        if ids[0] != ids[1]:
            changed.add(name)
    return changed


def _lacking(practice: Practice) -> list[tuple[str, str]]:
    missing = []
    if not practice.title.strip():
        missing.append(("title", _("a title")))
    summary = practice.summary.strip()
    if not summary:
        missing.append(("summary", _("a summary of at most 600 characters")))
    elif len(summary) > SUMMARY_MAX_LENGTH:
        missing.append(
            (
                "summary",
                _("a shorter summary: at most 600 characters (it has %(length)s)")
                % {"length": len(summary)},
            )
        )
    if not practice.description.strip():
        missing.append(("description", _("a description of what the practice is")))
    if not practice.status:
        missing.append(("status", _("its status: planned, ongoing or completed")))
    if not practice.thematic_areas.exists():
        missing.append(("thematic_areas", _("at least one M&D thematic area")))
    if not practice.sdg_targets.exists():
        missing.append(("sdg_targets", _("at least one SDG target")))
    if not practice.lead_countries.exists() and not practice.partner_organizations.exists():
        missing.append(
            ("lead_countries", _("a lead government or at least one partner organization"))
        )
    if practice.image and not practice.image_alt.strip():
        missing.append(("image_alt", _("a description of the image, for people who cannot see it")))
    return missing


SUMMARY_MAX_LENGTH = 600
# Grouped on the workspace page in this order; merged updates are part of their practice.
# The headings name groups of practices, so they take their own message where a review
# state's label is spelt the same: a language that agrees in number needs a plural here.
WORKSPACE_GROUPS = [
    (
        "returned",
        pgettext_lazy("workspace group of practices", "Returned for changes"),
        [ReviewState.RETURNED],
    ),
    ("drafts", _("Drafts"), [ReviewState.DRAFT]),
    ("submitted", _("Awaiting review"), [ReviewState.SUBMITTED]),
    (
        "published",
        pgettext_lazy("workspace group of practices", "Published"),
        [ReviewState.PUBLISHED],
    ),
    (
        "closed",
        _("Rejected, withdrawn or unpublished"),
        [ReviewState.REJECTED, ReviewState.WITHDRAWN, ReviewState.UNPUBLISHED],
    ),
]
IN_FLIGHT = [ReviewState.DRAFT, ReviewState.SUBMITTED, ReviewState.RETURNED]


def latest_comments(practices) -> dict:
    """The newest moderator's comment on each practice (returned or rejected), by id."""
    ids = [p.pk for p in practices]
    if not ids:
        return {}
    comments = {}
    entries = (
        ModerationLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Practice),
            object_id__in=ids,
            action__in=["return", "reject", "unpublish"],
        )
        .exclude(comment="")
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
    for entry in entries:
        comments.setdefault(entry.object_id, entry)
    return comments


def workspace_practices(*, government) -> list[dict]:
    """A government's practices for its focal points, grouped by where they stand."""
    practices = list(
        Practice.objects.filter(government=government)
        .exclude(review_state=ReviewState.MERGED)
        .select_related("update_of")
        .order_by("-updated_at", "-id")
    )
    comments = latest_comments(practices)
    updates = {
        p.update_of_id: p for p in practices if p.update_of_id and p.review_state in IN_FLIGHT
    }
    for practice in practices:
        practice.latest_comment = comments.get(practice.pk)
        practice.update_in_flight = updates.get(practice.pk)
    return [
        {
            "key": key,
            "label": label,
            "practices": [p for p in practices if p.review_state in states],
        }
        for key, label, states in WORKSPACE_GROUPS
    ]


def awaiting_review_count() -> int:
    return Practice.objects.filter(review_state=ReviewState.SUBMITTED).count()
