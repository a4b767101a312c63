"""Exports of a result set: every practice of the current search, all pages.

A small result is streamed; a large one is written to a file once per change of the public
data and served from it (`export_response`, `pfp.core.export_files`). Rows are fetched in
batches by id, so that 100,000 practices export without being held in
memory at once. The multi-valued columns of the facets are read from the facet registry, each
in the order of its related rows (countries by name, targets by code …). CSV cells that a
spreadsheet would run as a formula are kept as text (`pfp.core.spreadsheets`).
"""

import csv
import json
from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from taggit.models import TaggedItem

from pfp.core import export_files, generation
from pfp.core.spreadsheets import formula_safe
from practices.models import Practice

from .facets import RELATION_FACETS

BATCH = 1000
COLUMNS = [
    "title",
    "url",
    "summary",
    "type",
    "status",
    "start_year",
    "end_year",
    "lead_countries",
    "other_countries",
    "partner_organizations",
    "partner_types",
    "thematic_areas",
    "sdg_targets",
    "gcm_objectives",
    "roundtables",
    "keywords",
    "published",
    "last_reviewed",
]


def _relation_column(relation, identifier):
    """(through model, the related row's field name, the value's path) of a relation."""
    field = Practice._meta.get_field(relation)
    related = field.m2m_reverse_field_name()
    return field.remote_field.through, related, f"{related}__{identifier}"


# Multi-valued columns: the relations of the facets, and the partner organizations.
RELATIONS = {
    **{
        relation: _relation_column(relation, facet.identifier)
        for facet in RELATION_FACETS
        for relation in facet.relations
    },
    "partner_organizations": _relation_column("partner_organizations", "name"),
}
BASE_FIELDS = [
    "id",
    "title",
    "slug",
    "summary",
    "practice_type",
    "status",
    "start_year",
    "end_year",
    "published_at",
    "last_reviewed_at",
]


def _batches(ordered_ids, base_url):
    """Records of the practices, a batch at a time: one query for the practices and one per
    relation, as plain values (no model instances), so that a large export stays fast."""
    content_type = ContentType.objects.get_for_model(Practice)
    for start in range(0, len(ordered_ids), BATCH):
        ids = [int(i) for i in ordered_ids[start : start + BATCH]]
        rows = {row["id"]: row for row in Practice.objects.filter(id__in=ids).values(*BASE_FIELDS)}
        related = {name: defaultdict(list) for name in [*RELATIONS, "keywords"]}
        for name, (through, related_field, path) in RELATIONS.items():
            # Ordering by the related row orders by its model's own ordering.
            for practice_id, value in (
                through.objects.filter(practice_id__in=ids)
                .order_by(related_field, "pk")
                .values_list("practice_id", path)
            ):
                related[name][practice_id].append(value)
        for practice_id, name in (
            TaggedItem.objects.filter(content_type=content_type, object_id__in=ids)
            .order_by("tag__name", "pk")
            .values_list("object_id", "tag__name")
        ):
            related["keywords"][practice_id].append(name)
        yield [_record(rows[i], related, base_url) for i in ids if i in rows]


def records(ordered_ids, base_url):
    """The export's records of these practices, in this order: what `format=json` writes, and
    what the open API answers (portal.api), so that both give the same records."""
    for batch in _batches(ordered_ids, base_url):
        yield from batch


def _record(row, related, base_url):
    practice_id = row["id"]
    published, reviewed = row["published_at"], row["last_reviewed_at"]
    return {
        "title": row["title"],
        "url": f"{base_url}/practices/{row['slug']}/",
        "summary": row["summary"],
        "type": row["practice_type"],
        "status": row["status"],
        "start_year": row["start_year"],
        "end_year": row["end_year"],
        **{name: values[practice_id] for name, values in related.items()},
        "published": published.date().isoformat() if published else None,
        "last_reviewed": reviewed.isoformat() if reviewed else None,
    }


def _cell(value):
    """One CSV cell: lists joined with semicolons, nothing a spreadsheet would run."""
    if isinstance(value, list):
        return formula_safe("; ".join(map(str, value)))
    return "" if value is None else formula_safe(value)


class _Echo:
    def write(self, value):
        return value


def _csv_chunks(ordered_ids, base_url):
    writer = csv.writer(_Echo())
    # A byte-order mark, so that spreadsheets open the file as UTF-8.
    yield "\ufeff" + writer.writerow(COLUMNS)
    for batch in _batches(ordered_ids, base_url):
        for record in batch:
            yield writer.writerow([_cell(record[column]) for column in COLUMNS])


def _json_chunks(ordered_ids, base_url, query_params, corrected_query):
    query = [[name, value] for name, value in query_params]
    yield '{"query": ' + json.dumps(query)
    if corrected_query:
        # The words searched for when they were corrected, as the page says; `spell=off`
        # searches for the words as given.
        yield ', "corrected_query": ' + json.dumps(corrected_query, ensure_ascii=False)
    yield ', "count": ' + str(len(ordered_ids))
    yield ', "practices": ['
    first = True
    for batch in _batches(ordered_ids, base_url):
        for record in batch:
            yield ("" if first else ",") + json.dumps(record, ensure_ascii=False)
            first = False
    yield "]}"


FORMATS = {
    # format: (content type, Content-Disposition, file suffix)
    "csv": ("text/csv; charset=utf-8", "attachment", ".csv"),
    "json": ("application/json; charset=utf-8", "inline", ".json"),
}


def busy_response(export):
    """Every export slot is busy, or this export is being written: try again shortly."""
    message = _(
        "This export is being prepared. Please try again in a few seconds: it will then be "
        "ready at once."
    )
    seconds = str(settings.PFP_EXPORT_RETRY_SECONDS)
    if export == "json":
        response = HttpResponse(
            json.dumps({"error": "export_busy", "message": str(message)}),
            status=503,
            content_type="application/json; charset=utf-8",
        )
    else:
        response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = seconds
    response["Cache-Control"] = "no-store"
    return response


def problems_response(export, problems):
    """400: the query string asks for something that does not exist or cannot be read. An
    export answers with the list of problems rather than a result other than the one asked
    for: JSON for JSON, one problem a line otherwise (CSV, or a format that does not exist)."""
    if export == "json":
        errors = [
            {"parameter": p.parameter, "value": p.value, "message": p.message} for p in problems
        ]
        return HttpResponse(
            json.dumps({"errors": errors}, ensure_ascii=False),
            status=400,
            content_type="application/json; charset=utf-8",
        )
    lines = "".join(f"{p.parameter}: {p.message}\n" for p in problems)
    return HttpResponse(lines, status=400, content_type="text/plain; charset=utf-8")


def export_response(export, *, ordered_ids, base_url, query_params, corrected_query=""):
    """The export of a result set in `export` format ("csv" or "json").

    A small result is streamed as it is read. A large one is written once per change of
    what the public sees and then served as a file (`pfp.core.export_files`), so that big
    exports asked for at the same time cannot take every web worker.
    """
    content_type, disposition, suffix = FORMATS[export]
    filename = f"pfp-practices-{timezone.localdate()}{suffix}"

    def chunks():
        if export == "csv":
            return _csv_chunks(ordered_ids, base_url)
        return _json_chunks(ordered_ids, base_url, query_params, corrected_query)

    if len(ordered_ids) <= settings.PFP_EXPORT_STREAM_MAX:
        response = StreamingHttpResponse(chunks(), content_type=content_type)
        response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
        return response
    key = export_files.key_for(
        "practices", export, base_url, get_language(), generation.current(), query_params
    )
    try:
        path = export_files.ensure(key, suffix, lambda file: file.writelines(chunks()))
    except export_files.Busy:
        return busy_response(export)
    return export_files.file_response(
        path, content_type=content_type, filename=filename, disposition=disposition
    )
