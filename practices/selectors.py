"""Reads of practices that carry logic: what a practice page shows."""

from django.utils.translation import gettext_lazy as _

from pfp.core.text import render_markdown

from .models import Practice, PracticeRoundtable

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


def practice_page(*, practice: Practice) -> dict:
    sections = [
        {"key": field, "label": label, "html": render_markdown(getattr(practice, field))}
        for field, label in BODY_SECTIONS
        if getattr(practice, field)
    ]
    return {
        "practice": practice,
        "sections": sections,
        "lead_countries": list(practice.lead_countries.all()),
        "other_countries": list(practice.other_countries.all()),
        "partner_organizations": list(
            practice.partner_organizations.select_related("partner_type")
        ),
        "themes": list(practice.thematic_areas.all()),
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
