"""Reads of practices that carry logic: what a practice page shows."""

import json

from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from pfp.core.text import render_markdown

from .models import Practice, PracticeRoundtable
from .search_index import current_index

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
    ids = current_index().related(practice.id, RELATED)
    by_id = {
        p.id: p
        for p in Practice.objects.filter(id__in=ids).prefetch_related(
            "lead_countries", "thematic_areas"
        )
    }
    return [by_id[i] for i in ids if i in by_id]


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
    lead_countries = list(practice.lead_countries.all())
    themes = list(practice.thematic_areas.all())
    return {
        "practice": practice,
        "url": url,
        "sections": sections,
        "related_practices": related_practices(practice),
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
    }
