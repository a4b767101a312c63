"""The report builder: a selection of published practices as a GFMD report, in Word and PDF.

It mirrors the GFMD's contribution to the 2017 High-Level Political Forum (`shared/seeds/`): a
title page, the SDGs in focus with their official titles, then per M&D thematic area a "best
practice box" for each practice (title, lead countries, summary, SDG targets with their text,
GCM objectives, the link to its page), and an annex table of every practice with its targets
and objectives.

Three steps, each a plain function, so that the admin view stays thin and tests call them
directly:

- `select_practices(goals=…, query_string=…)`: which published practices, through the same
  search as `/practices/` (the query string is that page's), narrowed to the goals in focus;
- `report_contents(selection=…, title=…, year=…, base_url=…)`: everything the document
  shows, read in a fixed handful of queries whatever the number of practices;
- `build_docx(contents)` and `build_pdf(contents)`: the file, as bytes.

A practice stands in the box of its first thematic area (in the areas' own order) and names
its other areas there, so that no practice is printed twice; the annex lists each once.
Strings are those of the active language.
"""

import io
import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from pfp.taxonomy.models import ThematicArea

from . import search
from .models import Practice

DOCX = "docx"
PDF = "pdf"
CONTENT_TYPES = {
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    PDF: "application/pdf",
}
# A pasted query string longer than this is refused: a real search is far shorter.
MAX_QUERY_STRING_LENGTH = 2000
# A report holds at most this many practices. The file is built while the request waits (500
# practices take seconds), and every published practice at once (100,000 at scale) would hold
# a web worker for many minutes: such a selection is asked to be narrowed instead.
MAX_PRACTICES = 1000


@dataclass
class Selection:
    """Which practices a report holds: their ids, by title, and what was wrong with the
    query string (a list of messages; the report is built only when it is empty)."""

    goals: list
    practice_ids: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.practice_ids)


def select_practices(*, goals=(), query_string=""):
    """The published practices linked to any of `goals` (SDGGoal rows) that the `/practices/`
    search `query_string` finds (`goal=10&theme=remittances`, with or without its "?" or the
    page's address before it). With no goals, the query string alone; with neither, every
    published practice. The search's sort, page and format are ignored: the report orders
    its practices by title, and holds them all.

    A query string the export would refuse (an unknown value, a malformed year …) gives
    problems and no practices, rather than a report of something else than was asked for."""
    goals = list(goals)
    query_string = (query_string or "").strip()
    if "?" in query_string:
        query_string = query_string.split("?", 1)[1]
    query_string = query_string.split("#", 1)[0]
    if len(query_string) > MAX_QUERY_STRING_LENGTH:
        message = _("The search is longer than %(n)s characters.") % {"n": MAX_QUERY_STRING_LENGTH}
        return Selection(goals=goals, problems=[message])
    params = QueryDict(query_string, mutable=True)
    for ignored in ("page", "format", "sort"):
        params.pop(ignored, None)
    index = search.current_index()
    query = search.parse(params, index)
    if query.problems:
        return Selection(
            goals=goals,
            problems=[f"{problem.parameter}: {problem.message}" for problem in query.problems],
        )
    query.sort = "title"
    result = search.run(query, index)
    ids = [int(i) for i in result.ordered_ids]
    if goals:
        in_focus = index.facet_mask("goal", [str(goal.number) for goal in goals])
        wanted = {int(i) for i in index.ordered_ids(in_focus, index.title_order)}
        ids = [i for i in ids if i in wanted]
    return Selection(goals=goals, practice_ids=ids)


# --- what the document shows ---------------------------------------------------------------

# Characters that XML, and so both formats, cannot hold.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _plain(text):
    """Text on one line, without the control characters a document cannot hold."""
    return " ".join(_NOT_IN_XML.sub(" ", str(text)).split())


@dataclass
class Entry:
    """One practice as the report shows it, as plain text."""

    title: str
    url: str
    summary: str
    lead_countries: list
    themes: list
    targets: list  # (code, official text)
    objectives: list  # "Objective 5: …"

    def annex_row(self, *, objectives_separator):
        """The entry's cells in the annex table, in the order of its header."""
        return [
            self.title,
            ", ".join(self.lead_countries),
            ", ".join(self.themes),
            ", ".join(code for code, _text in self.targets),
            objectives_separator.join(self.objectives),
        ]


@dataclass
class Contents:
    title: str
    year: int
    language: str
    generated: str  # the date, as the active language writes it
    goals: list  # (number, official title)
    sections: list  # (thematic area name, [Entry])
    entries: list  # every Entry, by title: the annex

    @property
    def count(self):
        return len(self.entries)


def report_contents(*, selection, title, year, base_url):
    """Everything the document shows, for the practices of `selection` that are published now
    (one may have been unpublished since the selection was made). Links are `base_url` plus
    each practice's address in the active language."""
    practices = list(
        Practice.objects.published()
        .filter(pk__in=selection.practice_ids)
        .prefetch_related("lead_countries", "thematic_areas", "sdg_targets", "gcm_objectives")
        .order_by("title", "pk")
    )
    base_url = base_url.rstrip("/")
    entries, by_theme = [], {}
    for practice in practices:
        themes = list(practice.thematic_areas.all())
        entry = Entry(
            title=_plain(practice.title),
            url=base_url + practice.get_absolute_url(),
            summary=_plain(practice.summary),
            lead_countries=sorted(
                _plain(country.display_name) for country in practice.lead_countries.all()
            ),
            themes=[_plain(theme.name) for theme in themes],
            targets=[(target.code, _plain(target.text)) for target in practice.sdg_targets.all()],
            objectives=[_plain(objective) for objective in practice.gcm_objectives.all()],
        )
        entries.append(entry)
        # Themes come in their own order (the model's ordering, kept by the prefetch).
        first = themes[0].pk if themes else None
        by_theme.setdefault(first, []).append(entry)
    sections = [
        (theme.name, by_theme[theme.pk])
        for theme in ThematicArea.objects.all()
        if theme.pk in by_theme
    ]
    if None in by_theme:
        sections.append((_("Other practices"), by_theme[None]))
    return Contents(
        title=_plain(title),
        year=year,
        language=get_language() or "en",
        generated=date_format(timezone.localdate(), "DATE_FORMAT"),
        goals=[(goal.number, goal.title) for goal in selection.goals],
        sections=sections,
        entries=entries,
    )


def _texts(contents):
    """The document's fixed strings, in the active language."""
    return {
        "platform": _("GFMD Platform for Partnerships"),
        "subtitle": _("Practices from the GFMD Platform for Partnerships, %(year)s")
        % {"year": contents.year},
        "generated": _("Generated on %(date)s from the published practices.")
        % {"date": contents.generated},
        "count": ngettext(
            "This report presents %(count)d practice.",
            "This report presents %(count)d practices.",
            contents.count,
        )
        % {"count": contents.count},
        "contents": _("Contents"),
        "goals": _("SDGs in focus"),
        "no_goals": _("No goal was chosen: the practices were selected by a search."),
        "goal": _("Goal %(number)s. %(title)s"),
        "box": _("Best practice box %(number)d: %(theme)s"),
        "lead": _("Lead countries"),
        "themes": _("Thematic areas"),
        "targets": _("SDG targets"),
        "objectives": _("GCM objectives"),
        "link": _("On the Platform"),
        "none": _("None recorded"),
        "annex": _("Annex: all practices of this report"),
        "annex_caption": _(
            "Every practice of this report, with its SDG targets and GCM objectives."
        ),
        "practice": _("Practice"),
        "page": _("Page %(number)d"),
    }


def _section_headings(contents, texts):
    return [
        texts["box"] % {"number": number, "theme": theme}
        for number, (theme, _entries) in enumerate(contents.sections, start=1)
    ]


def _target_line(code, text):
    return f"{code} — {' '.join(text.split())}"


# --- Word -----------------------------------------------------------------------------------


def build_docx(contents):
    """The report as a Word document: Word's own Title and Heading styles (so the navigation
    pane lists the sections and practices), each practice's box a run of bordered paragraphs
    (Word draws them as one box), links that open the practice page, and the annex table
    with its header row repeated on each page."""
    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Pt

    texts = _texts(contents)
    document = Document()
    properties = document.core_properties
    properties.title = contents.title
    properties.subject = texts["subtitle"]
    properties.author = texts["platform"]
    properties.language = contents.language
    document.styles["Normal"].font.size = Pt(10.5)
    write = _DocxWriter(document)

    # Title page.
    write(texts["platform"])
    write(contents.title, "Title")
    write(texts["subtitle"])
    write(texts["count"])
    write(texts["generated"])

    write(texts["contents"], "Heading 1")
    for line in [texts["goals"], *_section_headings(contents, texts), texts["annex"]]:
        write(line, "List Bullet")

    document.add_page_break()
    write(texts["goals"], "Heading 1")
    if contents.goals:
        for number, title in contents.goals:
            write(texts["goal"] % {"number": number, "title": title}, "List Bullet")
    else:
        write(texts["no_goals"])

    for heading, (_theme, entries) in zip(
        _section_headings(contents, texts), contents.sections, strict=True
    ):
        write(heading, "Heading 1")
        for entry in entries:
            _docx_box(write, entry, texts)

    annex = document.add_section(WD_SECTION.NEW_PAGE)
    annex.orientation, annex.page_width, annex.page_height = (
        WD_ORIENT.LANDSCAPE,  # the annex has five columns
        annex.page_height,
        annex.page_width,
    )
    write(texts["annex"], "Heading 1")
    write(texts["annex_caption"], "Caption")
    _docx_annex(document, write, contents, texts)

    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


BOX_STYLE = "PfP practice box"


def _docx_run(text, *, bold=False):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = OxmlElement("w:r")
    if bold:
        properties = OxmlElement("w:rPr")
        properties.append(OxmlElement("w:b"))
        run.append(properties)
    text_element = OxmlElement("w:t")
    text_element.set(qn("xml:space"), "preserve")
    text_element.text = text
    run.append(text_element)
    return run


class _DocxWriter:
    """Writes paragraphs at the end of the document's body.

    Built as XML rather than through python-docx's `add_paragraph`: that looks the style up by
    name through the whole style sheet and searches the body for its end on every paragraph,
    which made a report of 500 practices take half a minute. Also adds the practice box's
    style: a border and a light shading, which Word draws once around consecutive paragraphs
    of the style."""

    def __init__(self, document):
        from docx.enum.style import WD_STYLE_TYPE
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        box = document.styles.add_style(BOX_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        box.base_style = document.styles["Normal"]
        box.paragraph_format.space_after = 0
        properties = box.element.get_or_add_pPr()
        borders = OxmlElement("w:pBdr")
        for side in ("top", "left", "bottom", "right"):
            border = OxmlElement(f"w:{side}")
            for name, value in (("val", "single"), ("sz", "6"), ("space", "4")):
                border.set(qn(f"w:{name}"), value)
            border.set(qn("w:color"), "1F4E79")
            borders.append(border)
        properties.append(borders)
        shading = OxmlElement("w:shd")
        for name, value in (("val", "clear"), ("color", "auto"), ("fill", "EEF3F8")):
            shading.set(qn(f"w:{name}"), value)
        properties.append(shading)
        self.document = document
        self.style_ids = {
            style.name: style.style_id
            for style in document.styles
            if style.type == WD_STYLE_TYPE.PARAGRAPH
        }

    def __call__(self, text="", style=None, *, label=None):
        """A paragraph of `text` in `style` (a style name), after a bold `label` if given."""
        from docx.text.paragraph import Paragraph

        paragraph = self.paragraph_element(style)
        if label:
            paragraph.append(_docx_run(label, bold=True))
        if text:
            paragraph.append(_docx_run(text))
        # The body's last child is its section properties; paragraphs go before them. Read
        # each time, since a new section moves them.
        self.document.element.body.sectPr.addprevious(paragraph)
        return Paragraph(paragraph, self.document._body)

    def paragraph_element(self, style=None):
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        paragraph = OxmlElement("w:p")
        if style is not None:
            properties = OxmlElement("w:pPr")
            style_element = OxmlElement("w:pStyle")
            style_element.set(qn("w:val"), self.style_ids[style])
            properties.append(style_element)
            paragraph.append(properties)
        return paragraph


def _docx_box(write, entry, texts):
    write(entry.title, "Heading 2")
    write(entry.summary, BOX_STYLE)
    write(", ".join(entry.lead_countries) or texts["none"], BOX_STYLE, label=f"{texts['lead']}: ")
    write(", ".join(entry.themes) or texts["none"], BOX_STYLE, label=f"{texts['themes']}: ")
    for label, lines in (
        (texts["targets"], [_target_line(*t) for t in entry.targets] or [texts["none"]]),
        (texts["objectives"], entry.objectives or [texts["none"]]),
    ):
        write(style=BOX_STYLE, label=f"{label}:")
        for line in lines:
            write(line, BOX_STYLE)
    paragraph = write(style=BOX_STYLE, label=f"{texts['link']}: ")
    _docx_hyperlink(paragraph, entry.url, entry.url)
    write()


def _docx_hyperlink(paragraph, url, text):
    """A link run: python-docx reads hyperlinks but has no call to write one."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    relationship = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), relationship)
    run = _docx_run(text)
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    properties.append(style)
    # Underlined and blue even where the template lacks the Hyperlink style: colour alone
    # would not say it is a link.
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(underline)
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "0563C1")
    properties.append(colour)
    run.insert(0, properties)
    hyperlink.append(run)
    paragraph._p.append(hyperlink)


def _docx_annex(document, write, contents, texts):
    """The annex table, its rows written as XML: python-docx's `row.cells` walks the whole
    table, which is quadratic in the number of rows."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    headers = [
        texts["practice"],
        texts["lead"],
        texts["themes"],
        texts["targets"],
        texts["objectives"],
    ]
    table = document.add_table(rows=1, cols=len(headers))
    table._tbl.tblStyle_val = document.styles["Table Grid"].style_id
    header_row = table.rows[0]
    # Marked as the header row, repeated at the top of each page.
    row_properties = header_row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row_properties.append(repeat)
    for cell, header in zip(header_row.cells, headers, strict=True):
        cell.paragraphs[0]._p.append(_docx_run(header, bold=True))
    widths = [cell.width for cell in header_row.cells]
    for entry in contents.entries:
        values = entry.annex_row(objectives_separator=", ")
        row = OxmlElement("w:tr")
        for value, width in zip(values, widths, strict=True):
            cell = OxmlElement("w:tc")
            cell_properties = OxmlElement("w:tcPr")
            cell_width = OxmlElement("w:tcW")
            cell_width.set(qn("w:w"), str(int(width.twips)) if width else "0")
            cell_width.set(qn("w:type"), "dxa")
            cell_properties.append(cell_width)
            cell.append(cell_properties)
            paragraph = write.paragraph_element()
            if value:
                paragraph.append(_docx_run(value))
            cell.append(paragraph)
            row.append(cell)
        table._tbl.append(row)


# --- PDF ---

ANNEX_ROWS_PER_TABLE = 30


def build_pdf(contents):
    """The report as a tagged-language PDF with its title in the document information,
    selectable text, an outline (bookmarks) of its sections and practices, page numbers, live
    links and the annex table with its header row repeated on each page."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        KeepTogether,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    texts = _texts(contents)
    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    small = ParagraphStyle("Small", parent=body, fontSize=8, leading=10)
    label = ParagraphStyle("Label", parent=small, fontName="Helvetica-Bold")
    cover_title = ParagraphStyle("CoverTitle", parent=styles["Title"], fontSize=26, leading=32)
    cover = ParagraphStyle("Cover", parent=body, alignment=TA_CENTER, fontSize=12, leading=16)

    class Heading(Paragraph):
        """A heading that leaves a bookmark in the PDF's outline."""

        def __init__(self, text, style, level):
            super().__init__(escape(text), style)
            self.outline_text, self.outline_level = text, level

    def heading(text, level):
        return Heading(text, styles["Heading1"] if level == 0 else styles["Heading2"], level)

    class Template(SimpleDocTemplate):
        def afterFlowable(self, flowable):
            if isinstance(flowable, Heading):
                key = f"h{id(flowable)}"
                self.canv.bookmarkPage(key)
                self.canv.addOutlineEntry(
                    flowable.outline_text, key, level=flowable.outline_level, closed=True
                )

    def number_pages(canvas, document):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawCentredString(A4[0] / 2, 1.2 * cm, texts["page"] % {"number": document.page})
        canvas.drawString(2 * cm, 1.2 * cm, contents.title[:90])
        canvas.restoreState()

    story = [
        Spacer(1, 5 * cm),
        Paragraph(escape(texts["platform"]), cover),
        Spacer(1, 0.8 * cm),
        Paragraph(escape(contents.title), cover_title),
        Paragraph(escape(texts["subtitle"]), cover),
        Spacer(1, 0.8 * cm),
        Paragraph(escape(texts["count"]), cover),
        Paragraph(escape(texts["generated"]), cover),
        PageBreak(),
        heading(texts["contents"], 0),
    ]
    for line in [texts["goals"], *_section_headings(contents, texts), texts["annex"]]:
        story.append(Paragraph(escape(line), body, bulletText="•"))
    story.append(heading(texts["goals"], 0))
    if contents.goals:
        for number, title in contents.goals:
            line = texts["goal"] % {"number": number, "title": title}
            story.append(Paragraph(escape(line), body, bulletText="•"))
    else:
        story.append(Paragraph(escape(texts["no_goals"]), body))

    # A box is a run of shaded paragraphs with a rule on the left, not a table: reportlab
    # measures a table's cells again to split and to draw it, which tripled the time of a
    # report of 500 practices.
    box = ParagraphStyle(
        "Box",
        parent=small,
        backColor=colors.HexColor("#eef3f8"),
        borderPadding=(2, 6, 2, 6),
        leftIndent=6,
        rightIndent=6,
        spaceBefore=0,
        spaceAfter=0,
        leading=11,
    )
    box_summary = ParagraphStyle("BoxSummary", parent=box, fontSize=9.5, leading=12)
    for section_heading, (_theme, entries) in zip(
        _section_headings(contents, texts), contents.sections, strict=True
    ):
        story.append(heading(section_heading, 0))
        for entry in entries:
            lines = [
                (texts["lead"], [", ".join(entry.lead_countries) or texts["none"]]),
                (texts["themes"], [", ".join(entry.themes) or texts["none"]]),
                (texts["targets"], [_target_line(*t) for t in entry.targets] or [texts["none"]]),
                (texts["objectives"], entry.objectives or [texts["none"]]),
            ]
            facts = [
                Paragraph(f"<b>{escape(name)}:</b> " + "<br/>".join(map(escape, values)), box)
                for name, values in lines
            ]
            link = f"<a href={quoteattr(entry.url)} color='#0b4f8a'><u>{escape(entry.url)}</u></a>"
            facts.append(Paragraph(f"<b>{escape(texts['link'])}:</b> {link}", box))
            story.append(
                KeepTogether(
                    [heading(entry.title, 1), Paragraph(escape(entry.summary), box_summary)]
                )
            )
            story.extend([*facts, Spacer(1, 0.6 * cm)])

    story.extend(
        [PageBreak(), heading(texts["annex"], 0), Paragraph(escape(texts["annex_caption"]), body)]
    )
    headers = [
        texts["practice"],
        texts["lead"],
        texts["themes"],
        texts["targets"],
        texts["objectives"],
    ]
    header = [Paragraph(escape(name), label) for name in headers]
    annex_style = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde7f0")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    rows = []
    for entry in contents.entries:
        values = entry.annex_row(objectives_separator="; ")
        rows.append([Paragraph(escape(value), small) for value in values])
    # Tables of a few dozen rows, each with the header row: reportlab measures a table again
    # each time it splits one across pages, so one table of 500 rows took most of the time.
    for start in range(0, len(rows), ANNEX_ROWS_PER_TABLE):
        story.append(
            Table(
                [header, *rows[start : start + ANNEX_ROWS_PER_TABLE]],
                colWidths=[5 * cm, 3 * cm, 3 * cm, 2.5 * cm, 3.5 * cm],
                repeatRows=1,
                style=annex_style,
            )
        )

    output = io.BytesIO()
    document = Template(
        output,
        pagesize=A4,
        title=contents.title,
        author=texts["platform"],
        subject=texts["subtitle"],
        creator=texts["platform"],
        lang=contents.language,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
    )
    document.build(story, onFirstPage=lambda canvas, doc: None, onLaterPages=number_pages)
    return output.getvalue()


BUILDERS = {DOCX: build_docx, PDF: build_pdf}


def build(contents, file_format):
    """The report's bytes in `file_format` (DOCX or PDF)."""
    return BUILDERS[file_format](contents)
