"""Import files for the import tests: the columns of practices/imports.py, a generated file of
many good rows with bad rows among them, written as CSV or XLSX."""

import csv
import io

from openpyxl import Workbook

from practices.imports import PracticeResource

COLUMNS = [field.column_name for field in PracticeResource().get_export_fields()]

# Each bad row: what is wrong with it, and the words the dry run says about it.
BAD_ROWS = {
    7: ({"sdg_targets": "10.z"}, ("sdg_targets", "10.z")),
    13: ({"lead_countries": "XX"}, ("lead_countries", "XX")),
    21: ({"title": ""}, ("title", "A title is needed")),
    34: ({"thematic_areas": "not-a-theme"}, ("thematic_areas", "not-a-theme")),
    55: ({"roundtables": "2017-9.9"}, ("roundtables", "2017-9.9")),
    89: ({"practice_type": "miracle"}, ("practice_type", "miracle")),
    144: ({"external_id": ""}, ("external_id", "no external_id")),
    233: ({"start_year": "2020", "end_year": "2010"}, ("end_year", "before the start year")),
    377: ({"partner_types": "aliens"}, ("partner_types", "aliens")),
    610: ({"gcm_objectives": "24"}, ("gcm_objectives", "24")),
}

COUNTRIES = ["GH", "KE", "PH", "MX", "SN", "MA", "DE", "BD"]
THEMES = ["diaspora", "remittances", "labour-migration", "return-and-reintegration"]
TARGETS = ["10.7", "10.c", "8.8", "17.18", "16.9", "5.2"]


def good_row(number, **changes):
    row = {
        "external_id": f"old-{number:05d}",
        "title": f"Practice number {number} on skills and remittances",
        "summary": f"A practice brought over from the previous platform, number {number}.",
        "description": "What it did, in a few words.",
        "objectives": "",
        "implementation": "",
        "results": "",
        "enabling_factors": "",
        "sustainability": "",
        "lessons_learned": "",
        "practice_type": "programme",
        "status": "completed",
        "start_year": "2015",
        "end_year": "2018",
        "geographic_scope": "national",
        "lead_countries": COUNTRIES[number % len(COUNTRIES)],
        "other_countries": COUNTRIES[(number + 3) % len(COUNTRIES)],
        "partner_organizations": "",
        "partner_types": "civil-society; national-government",
        "thematic_areas": THEMES[number % len(THEMES)],
        "sdg_targets": f"{TARGETS[number % len(TARGETS)]}; 10.7",
        "gcm_objectives": str(number % 23 + 1),
        "roundtables": "2017-2.1" if number % 5 == 0 else "",
        "keywords": "skills; remittances",
        "other_gfmd_sources": "",
        "source": "Previous PfP",
        "language": "en",
    }
    row.update(changes)
    return row


def rows(count=1000, *, bad=True):
    out = []
    for number in range(1, count + 1):
        changes = BAD_ROWS[number][0] if bad and number in BAD_ROWS else {}
        out.append(good_row(number, **changes))
    return out


def as_csv(rows_, columns=COLUMNS):
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows_)
    return text.getvalue().encode()


def as_xlsx(rows_, columns=COLUMNS):
    book = Workbook()
    sheet = book.active
    sheet.append(columns)
    for row in rows_:
        sheet.append([row.get(column, "") for column in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
