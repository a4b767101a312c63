"""The practice field registry: what each content field of a practice is for, declared once.

Forms, the write paths, the search document and the search signals read their field lists
from here, so that a new field is added in one place:

- `TEXT_SECTIONS`: the long Markdown sections of the submission form and the public page.
- `REQUIRED_TO_SUBMIT`: what a practice must hold before it can be submitted for review
  (`selectors.practice_missing` says what is missing, field by field).
- `COPIED_FIELDS` and `COPIED_RELATIONS`: what a proposed update copies from its practice,
  and what publishing the update copies back (never the identity or the review state).
- `EDITABLE_FIELDS`: the copied fields a focal point sets through the form.
- `SEARCH_BODY` and `SEARCH_NAME_RELATIONS`: what goes into the search document besides the
  title and the summary (the body, then the names of countries and organizations).
- `WATCHED_RELATIONS`: the relations whose changes the search signals listen to.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PracticeField:
    name: str
    relation: bool = False  # a many-to-many relation rather than a column
    section: bool = False  # one of the long Markdown sections
    required: bool = False  # needed before a submission
    searched: str = ""  # where it stands in the search document: "body" or "names"
    copied: bool = True  # copied by a proposed update and its publication
    staff_only: bool = False  # set by staff in the admin, never through the form


FIELDS = (
    PracticeField("title", required=True),
    PracticeField("summary", required=True),
    PracticeField("description", section=True, required=True, searched="body"),
    PracticeField("objectives", section=True, searched="body"),
    PracticeField("implementation", section=True, searched="body"),
    PracticeField("results", section=True, searched="body"),
    PracticeField("enabling_factors", section=True, searched="body"),
    PracticeField("sustainability", section=True, searched="body"),
    PracticeField("lessons_learned", section=True, searched="body"),
    PracticeField("practice_type"),
    PracticeField("status", required=True),
    PracticeField("start_year"),
    PracticeField("end_year"),
    PracticeField("geographic_scope"),
    PracticeField("other_gfmd_sources", searched="body"),
    PracticeField("image"),
    PracticeField("image_alt"),
    PracticeField("language"),
    PracticeField("source_note", staff_only=True),
    PracticeField("contact_name"),
    PracticeField("contact_role"),
    PracticeField("contact_email"),
    PracticeField("contact_public"),
    PracticeField("lead_countries", relation=True, required=True, searched="names"),
    PracticeField("other_countries", relation=True, searched="names"),
    PracticeField("partner_organizations", relation=True, searched="names"),
    PracticeField("partner_types", relation=True),
    PracticeField("thematic_areas", relation=True, required=True),
    PracticeField("sdg_targets", relation=True, required=True),
    PracticeField("gcm_objectives", relation=True),
    # Copied row by row with how each was presented (services.copy_content), never by `set()`.
    PracticeField("roundtables", relation=True, copied=False),
)

TEXT_SECTIONS = [f.name for f in FIELDS if f.section]
REQUIRED_TO_SUBMIT = [f.name for f in FIELDS if f.required]
COPIED_FIELDS = [f.name for f in FIELDS if f.copied and not f.relation]
COPIED_RELATIONS = [f.name for f in FIELDS if f.copied and f.relation]
EDITABLE_FIELDS = [f.name for f in FIELDS if f.copied and not f.relation and not f.staff_only]
SEARCH_BODY = [f.name for f in FIELDS if f.searched == "body"]
SEARCH_NAME_RELATIONS = [f.name for f in FIELDS if f.searched == "names"]
WATCHED_RELATIONS = [f.name for f in FIELDS if f.relation]
