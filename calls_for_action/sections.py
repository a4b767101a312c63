"""The call form as a task list: its sections, what each holds, and where each stands.

A focal point fills in a call one section at a time (calls_for_action/workspace.py), each saved
on its own through the same write path (`services.call_save`, which changes only what it is
given, never the review state). Each section's status is computed from the call itself, the
same way as a practice's (`pfp.core.task_list`). "Check your answers" lists every answer with
a link to the section that asks for it.
"""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from pfp.core.task_list import Section, section_status, task_hint

from .forms import CallForm
from .models import CallForAction
from .selectors import call_missing

SECTIONS = (
    Section(
        "about",
        _("About the call"),
        ("title", "kind", "description"),
        hint=_("Title, kind of call and description"),
    ),
    Section(
        "sought",
        _("What is sought"),
        ("sought", "partner_types"),
        hint=_("What partners could bring, and the kinds of partners sought"),
    ),
    Section(
        "frameworks",
        _("Themes, targets and countries"),
        ("thematic_areas", "sdg_targets", "gcm_objectives", "countries"),
        hint=_("Optional: M&D thematic areas, SDG targets, GCM objectives and countries"),
    ),
    Section(
        "practices",
        _("Related practices"),
        ("related_practices",),
        hint=_("Optional: published practices the call builds on"),
    ),
    Section(
        "deadline",
        _("Deadline"),
        ("deadline",),
        hint=_("The last day on which offers are taken"),
    ),
)
BY_KEY = {section.key: section for section in SECTIONS}
SECTION_OF_FIELD = {name: section for section in SECTIONS for name in section.fields}


# Where a link to a field lands: the first radio of the kinds, the day of the deadline; the
# other fields are their input or the fieldset of their checkboxes.
ANCHORS = {"kind": "id_kind_0", "deadline": "id_deadline_0"}


def section_url(call, section, field=""):
    url = reverse("calls_workspace:section", args=[call.pk, section.key])
    return f"{url}#{ANCHORS.get(field, f'id_{field}')}" if field else url


def _has_value(call, name):
    field = CallForAction._meta.get_field(name)
    if field.many_to_many:
        return getattr(call, name).exists()
    return getattr(call, name) not in ("", None)


def status(call, section, missing):
    """NOT_STARTED, IN_PROGRESS or COMPLETED; `missing` is `call_missing(call)`."""
    started = any(_has_value(call, name) for name in section.fields)
    return section_status(section, started=started, missing=missing)


def task_list(call):
    """The task list of a saved call: one entry per section, for `_task_list.html`."""
    missing = call_missing(call)
    return [
        {
            "key": section.key,
            "title": section.title,
            "url": section_url(call, section),
            "status": status(call, section, missing),
            "hint": task_hint(section, missing),
        }
        for section in SECTIONS
    ]


def missing_with_links(call):
    """What a submission still lacks, each linked to the field in its section, for the
    error summary's `extra_errors`."""
    return [
        {
            "message": message,
            "url": section_url(call, SECTION_OF_FIELD[field], field),
        }
        for field, message in call_missing(call)
    ]


def _answer(call, name):
    """A row's answer: {"value": text} or {"entries": [text]}."""
    field = CallForAction._meta.get_field(name)
    if field.many_to_many:
        items = getattr(call, name).all()
        if name == "sdg_targets":
            return {"entries": [f"{t.code} {t.text}" for t in items.order_by("position")]}
        if name == "countries":
            return {"entries": sorted(c.display_name for c in items)}
        if name == "partner_types":
            items = items.order_by("name")
        return {"entries": [str(item) for item in items]}
    if name == "kind":
        return {"value": call.get_kind_display() if call.kind else ""}
    if name == "deadline":
        return {"value": date_format(call.deadline, "DATE_FORMAT") if call.deadline else ""}
    return {"value": getattr(call, name)}


def check_answers(call, *, editable):
    """Every answer by section, for `_check_answers.html`; "Change" links while editable."""
    sections = []
    for section in SECTIONS:
        rows = []
        for name in section.fields:
            row = {"label": CallForm.base_fields[name].label, **_answer(call, name)}
            if editable:
                row["change_url"] = section_url(call, section, name)
            rows.append(row)
        sections.append({"key": section.key, "title": section.title, "rows": rows})
    return sections
