"""The practice form as a task list: its sections, what each holds, and where each stands.

A focal point fills in a practice one section at a time (practices/workspace.py), each saved
on its own through the same write path (`services.practice_save`, which changes only what it is
given). The task list shows each section's status, computed from the practice itself, never
stored: "not started" (nothing in it yet), "in progress" (something in it, but not yet what a
submission needs from it) or "completed". "Check your answers" lists every answer with a link
to the section that asks for it.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The statuses are read here by the practice views and tests, as before they were shared.
from pfp.core.task_list import COMPLETED, IN_PROGRESS, NOT_STARTED, Section, task_hint  # noqa: F401
from pfp.core.task_list import section_status as _status

from .fields import TEXT_SECTIONS
from .forms import PracticeForm
from .models import Practice, PracticeRoundtable
from .selectors import practice_missing

# The sections' formsets are "roundtables", "links" and "attachments".
SECTIONS = (
    Section(
        "about",
        _("About the practice"),
        ("title", "summary", "practice_type", "status", "start_year", "end_year", "language"),
        hint=_("Title, summary, type, status and years"),
    ),
    Section(
        "story",
        _("What it did"),
        tuple(TEXT_SECTIONS),
        hint=_("Description, objectives, results and lessons learned"),
    ),
    Section(
        "where",
        _("Where and who"),
        (
            "lead_countries",
            "other_countries",
            "partner_organizations",
            "partner_types",
            "geographic_scope",
        ),
        hint=_("Lead governments, other countries and partners"),
    ),
    Section(
        "frameworks",
        _("Links to the frameworks"),
        ("thematic_areas", "sdg_targets", "gcm_objectives", "other_gfmd_sources"),
        formsets=("roundtables",),
        hint=_("Thematic areas, SDG targets, GCM objectives and GFMD roundtables"),
    ),
    Section(
        "resources",
        _("Links, documents and image"),
        ("image", "remove_image", "image_alt", "keywords"),
        formsets=("links", "attachments"),
        hint=_("Web pages, documents, an image and keywords"),
    ),
    Section(
        "contact",
        _("Contact"),
        ("contact_name", "contact_role", "contact_email", "contact_public"),
        hint=_("A person readers may write to, if you choose to publish it"),
    ),
)
BY_KEY = {section.key: section for section in SECTIONS}
SECTION_OF_FIELD = {name: section for section in SECTIONS for name in section.fields}
# Where each formset's rows are, to link to them.
FORMSET_ANCHORS = {
    "roundtables": "roundtables",
    "links": "links",
    "attachments": "attachments",
}


def section_url(practice, section, field=""):
    url = reverse("workspace:practice_section", args=[practice.pk, section.key])
    return f"{url}#id_{field}" if field else url


def _has_value(practice, name):
    if name in ("keywords",):
        return practice.keywords.exists()
    field = Practice._meta.get_field(name)
    if field.many_to_many:
        return getattr(practice, name).exists()
    value = getattr(practice, name)
    # A value the model gives every new practice (a type, a language) is not an answer yet.
    return value not in ("", None, False) and value != field.get_default()


def _has_rows(practice, formset):
    if formset == "roundtables":
        return PracticeRoundtable.objects.filter(practice=practice).exists()
    return getattr(practice, formset).exists()


def section_status(practice, section, missing):
    """NOT_STARTED, IN_PROGRESS or COMPLETED; `missing` is `practice_missing(practice)`."""
    names = [name for name in section.fields if name != "remove_image"]
    started = any(_has_value(practice, name) for name in names) or any(
        _has_rows(practice, formset) for formset in section.formsets
    )
    return _status(section, started=started, missing=missing)


def task_list(practice):
    """The task list of a saved practice: one entry per section, for `_task_list.html`."""
    missing = practice_missing(practice)
    tasks = []
    for section in SECTIONS:
        tasks.append(
            {
                "key": section.key,
                "title": section.title,
                "url": section_url(practice, section),
                "status": section_status(practice, section, missing),
                "hint": task_hint(section, missing),
            }
        )
    return tasks


def missing_with_links(practice):
    """What a submission still lacks, each linked to the field in its section, for the
    error summary's `extra_errors`."""
    return [
        {"message": message, "url": section_url(practice, SECTION_OF_FIELD[field], field)}
        for field, message in practice_missing(practice)
    ]


def _label(name):
    return PracticeForm.base_fields[name].label


def _answer(practice, name):
    """A row's answer: {"value": text} or {"entries": [text]}."""
    if name == "keywords":
        return {"value": ", ".join(sorted(practice.keywords.names()))}
    field = Practice._meta.get_field(name)
    if field.many_to_many:
        items = getattr(practice, name).all()
        if name == "sdg_targets":
            return {"entries": [f"{t.code} {t.text}" for t in items.order_by("position")]}
        if name in ("lead_countries", "other_countries"):
            return {"entries": sorted(c.display_name for c in items)}
        return {"entries": [str(item) for item in items]}
    if name == "image":
        return {"value": _("An image") if practice.image else ""}
    if name == "contact_public":
        return {"value": _("Yes") if practice.contact_public else _("No")}
    if field.choices:
        return {"value": getattr(practice, f"get_{name}_display")()}
    value = getattr(practice, name)
    return {"value": "" if value is None else str(value)}


def _formset_rows(practice, formset):
    if formset == "roundtables":
        rows = PracticeRoundtable.objects.filter(practice=practice).select_related(
            "roundtable__summit"
        )
        return _("GFMD roundtables"), [
            f"{row.roundtable} ({row.get_presentation_display()})" for row in rows
        ]
    if formset == "links":
        return _("Links"), [f"{link.title}: {link.url}" for link in practice.links.all()]
    return _("Documents"), [attachment.title for attachment in practice.attachments.all()]


def check_answers(practice, *, editable):
    """Every answer by section, for `_check_answers.html`; "Change" links while editable."""
    sections = []
    for section in SECTIONS:
        rows = []
        for name in section.fields:
            if name == "remove_image":
                continue
            row = {"label": _label(name), **_answer(practice, name)}
            if editable:
                row["change_url"] = section_url(practice, section, name)
            rows.append(row)
        for formset in section.formsets:
            label, entries = _formset_rows(practice, formset)
            row = {"label": label, "entries": entries}
            if editable:
                row["change_url"] = f"{section_url(practice, section)}#{FORMSET_ANCHORS[formset]}"
            rows.append(row)
        sections.append({"key": section.key, "title": section.title, "rows": rows})
    return sections
