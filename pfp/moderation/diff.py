"""What a reviewed item changes, field by field, against the version the public last saw.

The baseline is the published item a proposed update belongs to (`update_of`), or else the
item's own last published record in its django-simple-history history (an unpublished item
that is submitted again). Relations are compared by what a person reads: names, not ids.

Only what the history records can be compared against a historical record: a relation that
the model does not track in its history is listed as not compared, never shown as unchanged.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import ReviewState

# Words, runs of white space and single punctuation marks: a diff a person can follow.
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass
class FieldChange:
    label: str
    is_list: bool
    old_html: str
    new_html: str


@dataclass
class Comparison:
    """The differences between an item and its baseline (None when there is no baseline)."""

    baseline: object = None
    baseline_label: str = ""
    baseline_date: object = None
    changes: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    not_compared: list = field(default_factory=list)
    note: str = ""

    @property
    def has_baseline(self):
        return self.baseline is not None


def compare_item(item, *, fields, extra_relations=None):
    """Compare a reviewable item with the version the public last saw.

    `fields`: names of model fields (text, choices, numbers, foreign keys, many-to-many).
    `extra_relations`: {label: function(instance) -> list of str} for what is not a plain
    field (roundtables with how they were presented, links, attachments); these can be
    read from live objects only.
    """
    extra_relations = extra_relations or {}
    if getattr(item, "update_of_id", None):
        baseline = item.update_of
        old = snapshot(baseline, fields, extra_relations)
        return _compare(
            old,
            snapshot(item, fields, extra_relations),
            Comparison(
                baseline=baseline,
                baseline_label=_("the published version"),
                baseline_date=getattr(baseline, "published_at", None),
            ),
        )
    if item.review_state in (ReviewState.PUBLISHED, ReviewState.MERGED):
        return Comparison(note=_("This is the version the public sees."))
    record = last_published_record(item)
    if record is None:
        return Comparison(
            note=_("Never published before: there is no published version to compare with.")
        )
    old, not_compared = historical_snapshot(record, fields)
    new = {label: value for label, value in snapshot(item, fields, {}).items() if label in old}
    comparison = Comparison(
        baseline=record,
        baseline_label=_("the version last published"),
        baseline_date=record.history_date,
        not_compared=[*not_compared, *(capfirst(str(label)) for label in extra_relations)],
    )
    return _compare(old, new, comparison)


def last_published_record(item):
    """The item's latest history record in the published state: what the public last saw."""
    history = getattr(item, "history", None)
    if history is None:
        return None
    return (
        history.filter(review_state=ReviewState.PUBLISHED)
        .order_by("-history_date", "-history_id")
        .first()
    )


def snapshot(instance, fields, extra_relations):
    """{label: str or list of str} for a live object."""
    values = {}
    for name in fields:
        model_field = instance._meta.get_field(name)
        if model_field.many_to_many:
            values[_label(model_field)] = sorted(str(obj) for obj in getattr(instance, name).all())
        else:
            values[_label(model_field)] = _display(instance, model_field)
    for label, read in extra_relations.items():
        values[capfirst(str(label))] = sorted(read(instance))
    return values


def historical_snapshot(record, fields):
    """({label: value}, [labels not recorded]) for a django-simple-history record."""
    model = record.instance_type
    tracked = {f.name for f in getattr(record, "_history_m2m_fields", [])}
    values, not_compared = {}, []
    for name in fields:
        model_field = model._meta.get_field(name)
        if model_field.many_to_many:
            if name not in tracked:
                not_compared.append(_label(model_field))
                continue
            target = model_field.m2m_reverse_field_name()
            rows = getattr(record, name).select_related(target)
            values[_label(model_field)] = sorted(str(getattr(row, target)) for row in rows)
        else:
            try:
                record._meta.get_field(name)
            except FieldDoesNotExist:
                not_compared.append(_label(model_field))
                continue
            values[_label(model_field)] = _display(record, model_field)
    return values, not_compared


def _label(model_field):
    return capfirst(str(model_field.verbose_name))


def _display(instance, model_field):
    if model_field.is_relation:
        try:
            related = getattr(instance, model_field.name)
        except ObjectDoesNotExist:
            return str(_("(deleted)"))
        return "" if related is None else str(related)
    value = getattr(instance, model_field.attname)
    if value is None:
        return ""
    if model_field.flatchoices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.FileField):
        return str(getattr(value, "name", value) or "")
    return str(value)


def _compare(old, new, comparison):
    for label, new_value in new.items():
        old_value = old.get(label, [] if isinstance(new_value, list) else "")
        if old_value == new_value:
            comparison.unchanged.append(label)
        elif isinstance(new_value, list):
            comparison.changes.append(FieldChange(label, True, *list_diff(old_value, new_value)))
        else:
            comparison.changes.append(FieldChange(label, False, *text_diff(old_value, new_value)))
    return comparison


def _marked(tag, html):
    """`html` in <ins> or <del>, with "Added:" or "Removed:" for screen readers, most of
    which say nothing of either element."""
    label = _("Added:") if tag == "ins" else _("Removed:")
    return f'<{tag}><span class="visually-hidden">{conditional_escape(label)} </span>{html}</{tag}>'


def text_diff(old, new):
    """Both texts as HTML, removed words in <del> on the old side, added ones in <ins>."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    old_parts, new_parts = [], []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed = conditional_escape("".join(a[i1:i2]))
        added = conditional_escape("".join(b[j1:j2]))
        if tag == "equal":
            old_parts.append(removed)
            new_parts.append(added)
            continue
        if removed:
            old_parts.append(_marked("del", removed))
        if added:
            new_parts.append(_marked("ins", added))
    return mark_safe("".join(old_parts)), mark_safe("".join(new_parts))  # noqa: S308 - escaped above


def list_diff(old, new):
    """Both lists as HTML lists, what was taken away in <del>, what was added in <ins>."""
    old_set, new_set = set(old), set(new)
    return (
        _html_list((value, "del" if value not in new_set else "") for value in old),
        _html_list((value, "ins" if value not in old_set else "") for value in new),
    )


def _html_list(items):
    rows = format_html_join(
        "",
        "<li>{}</li>",
        (
            (mark_safe(_marked(tag, conditional_escape(value))) if tag else value,)  # noqa: S308
            for value, tag in items
        ),
    )
    return mark_safe(f'<ul class="review-diff-list">{rows}</ul>') if rows else ""  # noqa: S308
