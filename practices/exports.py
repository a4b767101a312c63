"""Exports of a result set: every practice of the current search, all pages, streamed.

Rows are fetched in batches by id, so that 100,000 practices export without being held in
memory at once.
"""

import csv
import json

from django.http import StreamingHttpResponse
from django.utils import timezone

from .models import Practice

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


def _batches(ordered_ids):
    for start in range(0, len(ordered_ids), BATCH):
        ids = [int(i) for i in ordered_ids[start : start + BATCH]]
        practices = Practice.objects.filter(id__in=ids).prefetch_related(
            "lead_countries",
            "other_countries",
            "partner_organizations",
            "partner_types",
            "thematic_areas",
            "sdg_targets",
            "gcm_objectives",
            "roundtables",
            "keywords",
        )
        by_id = {p.id: p for p in practices}
        yield [by_id[i] for i in ids if i in by_id]


def _record(practice, base_url):
    return {
        "title": practice.title,
        "url": base_url + practice.get_absolute_url(),
        "summary": practice.summary,
        "type": practice.practice_type,
        "status": practice.status,
        "start_year": practice.start_year,
        "end_year": practice.end_year,
        "lead_countries": [c.code.code for c in practice.lead_countries.all()],
        "other_countries": [c.code.code for c in practice.other_countries.all()],
        "partner_organizations": [o.name for o in practice.partner_organizations.all()],
        "partner_types": [t.slug for t in practice.partner_types.all()],
        "thematic_areas": [t.slug for t in practice.thematic_areas.all()],
        "sdg_targets": [t.code for t in practice.sdg_targets.all()],
        "gcm_objectives": [o.number for o in practice.gcm_objectives.all()],
        "roundtables": [r.identifier for r in practice.roundtables.all()],
        "keywords": [k.name for k in practice.keywords.all()],
        "published": practice.published_at.date().isoformat() if practice.published_at else None,
        "last_reviewed": practice.last_reviewed_at.isoformat()
        if practice.last_reviewed_at
        else None,
    }


class _Echo:
    def write(self, value):
        return value


def csv_response(ordered_ids, base_url):
    writer = csv.writer(_Echo())

    def rows():
        # A byte-order mark, so that spreadsheets open the file as UTF-8.
        yield "\ufeff" + writer.writerow(COLUMNS)
        for batch in _batches(ordered_ids):
            for practice in batch:
                record = _record(practice, base_url)
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
        for batch in _batches(ordered_ids):
            for practice in batch:
                yield ("" if first else ",") + json.dumps(
                    _record(practice, base_url), ensure_ascii=False
                )
                first = False
        yield "]}"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'inline; filename="pfp-practices-{timezone.localdate()}.json"'
    )
    return response
