"""What the open API answers, as pydantic schemas: the OpenAPI schema is built from them."""

from datetime import date, datetime, time

from ninja import Field, Schema


class Problem(Schema):
    parameter: str = Field(description="The query-string parameter at fault.")
    value: str = Field(description="The value given, cut at 200 characters.")
    message: str


class Problems(Schema):
    """400: the query asks for something that does not exist or cannot be read; nothing was
    searched."""

    errors: list[Problem]


class Detail(Schema):
    detail: str


class Page(Schema):
    count: int = Field(description="How many records match, on every page.")
    page: int
    page_size: int
    pages: int = Field(description="How many pages there are (at least 1).")
    next: str | None = Field(description="The next page's URL, or null on the last page.")
    previous: str | None = Field(description="The previous page's URL, or null on the first.")


class PracticeRecord(Schema):
    """A published practice: the same fields as a record of `/practices/?format=json`."""

    title: str
    url: str = Field(description="The practice's public page.")
    summary: str
    type: str = Field(description="Type of practice (policy, programme …).")
    status: str = Field(description="planned, ongoing, completed, or empty when unknown.")
    start_year: int | None
    end_year: int | None
    lead_countries: list[str] = Field(description="ISO 3166 alpha-2 codes, by name.")
    other_countries: list[str]
    partner_organizations: list[str]
    partner_types: list[str] = Field(description="Partner type identifiers.")
    thematic_areas: list[str] = Field(description="Thematic area identifiers.")
    sdg_targets: list[str] = Field(description="SDG target codes (10.7 …).")
    gcm_objectives: list[int] = Field(description="GCM objective numbers.")
    roundtables: list[str] = Field(description="Roundtable identifiers (2007-2.1 …).")
    keywords: list[str]
    published: date | None
    last_reviewed: date | None


class PracticePage(Page):
    query: list[list[str]] = Field(
        description="The query as it was read: (parameter, value) pairs, as the export echoes it."
    )
    corrected_query: str | None = Field(
        description="The words searched for when misspelt words were corrected; null otherwise."
    )
    results: list[PracticeRecord]


class CallRecord(Schema):
    title: str
    slug: str
    url: str
    kind: str
    status: str = Field(description="open, closed or fulfilled, as of today.")
    deadline: date
    government: str = Field(description="The government that posted it.")
    government_country: str | None = Field(description="Its ISO 3166 alpha-2 code.")
    description: str = Field(description="Markdown.")
    sought: str = Field(description="Markdown.")
    partner_types: list[str]
    thematic_areas: list[str]
    sdg_targets: list[str]
    gcm_objectives: list[int]
    countries: list[str]
    related_practices: list[str] = Field(description="The public pages of related practices.")
    published: date | None


class CallPage(Page):
    results: list[CallRecord]


class AgendaItemRecord(Schema):
    position: int
    start_time: time | None
    title: str
    speakers: str
    practices: list[str] = Field(description="Public pages of the practices presented.")
    calls: list[str] = Field(description="Public pages of the calls presented.")


class MeetingRecord(Schema):
    title: str
    slug: str
    url: str
    summit: int = Field(description="The GFMD summit's year.")
    start: datetime
    end: datetime
    time_zone: str
    format: str
    place: str
    description: str = Field(description="Markdown.")
    registration_open: bool = Field(
        description="Whether staff keep registration open; it is taken only until `start`."
    )
    agenda: list[AgendaItemRecord]


class MeetingPage(Page):
    results: list[MeetingRecord]


class Target(Schema):
    code: str
    goal: int
    text: str
    is_explicit_migration: bool


class Goal(Schema):
    number: int
    short_title: str
    title: str
    color: str
    targets: list[Target]


class GCMObjective(Schema):
    number: int
    short_name: str
    title: str


class Theme(Schema):
    slug: str
    name: str
    scope: str


class PartnerType(Schema):
    slug: str
    name: str


class Region(Schema):
    slug: str
    name: str
    m49: int
    level: str = Field(description="region, sub-region or intermediate-region.")
    parent: str | None = Field(description="The area it is part of, by identifier.")


class Country(Schema):
    code: str = Field(description="ISO 3166 alpha-2.")
    iso3: str
    m49: int
    name: str
    region: str | None = Field(description="Its M49 region's identifier.")
    subregion: str | None
    intermediate_region: str | None
    un_member: bool


class Roundtable(Schema):
    identifier: str
    summit: int
    number: str
    title: str
    level: str
    parent: str | None
    themes: list[str]


class Summit(Schema):
    year: int
    number: int | None
    chair: str = Field(description="The chair as named (with a co-chair, say).")
    chair_country: str = Field(description="ISO 3166 alpha-2.")
    city: str
    theme: str
    dates: str
    roundtables: list[Roundtable]
