"""Exports of a result set: every practice of the current search, all pages, streamed.

Rows are fetched in batches by id, so that 100,000 practices export without being held in
memory at once.
"""

import csv
import json
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.http import StreamingHttpResponse
from django.utils import timezone
from taggit.models import TaggedItem

from .models import Practice, PracticeRoundtable

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


# Multi-valued columns: (relation through which the value is reached, value path).
RELATIONS = {
    "lead_countries": (Practice.lead_countries.through, "country__code"),
    "other_countries": (Practice.other_countries.through, "country__code"),
    "partner_organizations": (Practice.partner_organizations.through, "organization__name"),
    "partner_types": (Practice.partner_types.through, "partnertype__slug"),
    "thematic_areas": (Practice.thematic_areas.through, "thematicarea__slug"),
    "sdg_targets": (Practice.sdg_targets.through, "sdgtarget__code"),
    "gcm_objectives": (Practice.gcm_objectives.through, "gcmobjective__number"),
    "roundtables": (PracticeRoundtable, "roundtable__identifier"),
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
        for name, (through, path) in RELATIONS.items():
            for practice_id, value in (
                through.objects.filter(practice_id__in=ids)
                .order_by("pk")
                .values_list("practice_id", path)
            ):
                related[name][practice_id].append(value)
        for practice_id, name in (
            TaggedItem.objects.filter(content_type=content_type, object_id__in=ids)
            .order_by("pk")
            .values_list("object_id", "tag__name")
        ):
            related["keywords"][practice_id].append(name)
        yield [_record(rows[i], related, base_url) for i in ids if i in rows]


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


class _Echo:
    def write(self, value):
        return value


def csv_response(ordered_ids, base_url):
    writer = csv.writer(_Echo())

    def rows():
        # A byte-order mark, so that spreadsheets open the file as UTF-8.
        yield "\ufeff" + writer.writerow(COLUMNS)
        for batch in _batches(ordered_ids, base_url):
            for record in batch:
                yield writer.writerow(
                    [
                        "; ".join(map(str, v)) if isinstance(v, list) else ("" if v is None else v)
                        for v in (record[c] for c in COLUMNS)
                    ]
                )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="pfp-practices-{timezone.localdate()}.csv"'
    )
    return response


def json_response(ordered_ids, base_url, query_params):
    def chunks():
        query = [[name, value] for name, value in query_params]
        yield '{"query": ' + json.dumps(query) + ', "count": ' + str(len(ordered_ids))
        yield ', "practices": ['
        first = True
        for batch in _batches(ordered_ids, base_url):
            for record in batch:
                yield ("" if first else ",") + json.dumps(record, ensure_ascii=False)
                first = False
        yield "]}"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'inline; filename="pfp-practices-{timezone.localdate()}.json"'
    )
    return response
