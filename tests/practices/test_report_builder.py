"""The report builder's documents, opened the way their readers open them: the DOCX parsed
back with python-docx, the PDF's text and links extracted with pypdf."""

import io
import time

import docx
import pypdf
import pytest
from django.utils import timezone, translation

from pfp.moderation.models import ReviewState
from pfp.taxonomy.models import Country, GCMObjective, SDGGoal, SDGTarget, ThematicArea
from practices import report_builder
from practices.models import Practice
from practices.search.changes import practices_changed
from tests.factories import make_practice

BASE_URL = "https://pfp.example.org"


@pytest.fixture
def practices(reference_data):
    """Two practices linked to goals 10 and 17, one linked to goal 8 only, and a draft linked
    to goal 10."""
    return {
        "bonds": make_practice(
            title="Diaspora bonds for infrastructure",
            summary="Bonds sold to the diaspora fund roads and schools.",
            themes=("diaspora",),
            targets=("17.3",),
            gcm=(19,),
            countries=("GH", "KE"),
        ),
        "website": make_practice(
            title="Remittance price comparison website",
            summary="A website compares what providers charge to send money home.",
            themes=("remittances", "diaspora"),
            targets=("10.c",),
            gcm=(20,),
            countries=("SE",),
        ),
        "seasonal": make_practice(
            title="Seasonal workers scheme",
            summary="Seasonal work permits with a guaranteed return.",
            themes=("labour-migration",),
            targets=("8.8",),
            countries=("CA",),
        ),
        "draft": make_practice(
            title="Draft remittance voucher",
            state=ReviewState.DRAFT,
            themes=("remittances",),
            targets=("10.c",),
        ),
    }


def goals(*numbers):
    return list(SDGGoal.objects.filter(number__in=numbers))


def contents_for(*numbers, query_string=""):
    selection = report_builder.select_practices(goals=goals(*numbers), query_string=query_string)
    return report_builder.report_contents(
        selection=selection,
        title="GFMD contribution to the 2017 HLPF",
        year=2017,
        base_url=BASE_URL,
    )


def docx_text(data):
    """Every paragraph, table cell and link address of a Word file, and the file itself."""
    document = docx.Document(io.BytesIO(data))
    lines = []
    for paragraph in document.paragraphs:
        lines.append(paragraph.text)
        lines.extend(link.address for link in paragraph.hyperlinks)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    lines.append(paragraph.text)
                    lines.extend(link.address for link in paragraph.hyperlinks)
    return "\n".join(lines), document


def pdf_text(data):
    """The PDF's text with whitespace made single, its reader, and its link addresses."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/A" in annotation.get_object()
    ]
    return text, reader, links


def url_of(practice):
    return f"{BASE_URL}/practices/{practice.slug}/"


def test_it_selects_published_practices_of_the_goals_in_focus(practices):
    """Goals 10 and 17 select the practices linked to their targets; the practice of goal 8
    and the draft are left out; the order is by title."""
    selection = report_builder.select_practices(goals=goals(10, 17))
    assert selection.problems == []
    assert selection.practice_ids == [practices["bonds"].pk, practices["website"].pk]


def test_a_search_narrows_the_goals(practices):
    """A `/practices/` query string and the goals both apply; with no goals, the search
    alone; the search page's own address may be pasted whole."""
    assert report_builder.select_practices(
        goals=goals(10, 17), query_string="country=GH"
    ).practice_ids == [practices["bonds"].pk]
    assert report_builder.select_practices(
        query_string="https://pfp.example.org/practices/?theme=labour-migration&page=3"
    ).practice_ids == [practices["seasonal"].pk]


def test_a_bad_search_gives_problems_and_no_practices(practices):
    """Unknown values are named, as the export names them, and nothing is selected."""
    selection = report_builder.select_practices(query_string="goal=99&theme=nope&year_from=x")
    assert selection.practice_ids == []
    assert "goal: No SDG “99” is known." in selection.problems
    assert "theme: No thematic area “nope” is known." in selection.problems
    assert "year_from: “x” is not a year." in selection.problems


def test_a_huge_search_is_refused_without_being_parsed(practices):
    selection = report_builder.select_practices(query_string="theme=remittances&" * 500)
    assert selection.practice_ids == []
    assert selection.problems == ["The search is longer than 2000 characters."]


def test_the_docx_holds_what_was_selected(practices):
    """Title page, goals in focus with their official titles, a box per practice with its
    title, lead countries, summary, targets with their text, GCM objectives and link, the
    theme headings in Word's heading styles, and the annex rows."""
    data = report_builder.build_docx(contents_for(10, 17))
    text, document = docx_text(data)

    assert document.core_properties.title == "GFMD contribution to the 2017 HLPF"
    assert document.core_properties.language == "en"
    title = document.paragraphs[1]
    assert (title.style.name, title.text) == ("Title", "GFMD contribution to the 2017 HLPF")
    assert "Practices from the GFMD Platform for Partnerships, 2017" in text
    assert "This report presents 2 practices." in text
    assert "Goal 10. Reduce inequality within and among countries" in text
    assert f"Goal 17. {SDGGoal.objects.get(number=17).title}" in text

    headings = [
        (paragraph.style.name, paragraph.text)
        for paragraph in document.paragraphs
        if paragraph.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Heading 1", "Contents"),
        ("Heading 1", "SDGs in focus"),
        ("Heading 1", "Best practice box 1: Remittances"),
        ("Heading 2", "Remittance price comparison website"),
        ("Heading 1", "Best practice box 2: Diaspora"),
        ("Heading 2", "Diaspora bonds for infrastructure"),
        ("Heading 1", "Annex: all practices of this report"),
    ]
    bonds = practices["bonds"]
    assert "Bonds sold to the diaspora fund roads and schools." in text
    assert "Lead countries: Ghana, Kenya" in text
    assert f"17.3 — {SDGTarget.objects.get(code='17.3').text}" in text
    assert str(GCMObjective.objects.get(number=19)) in text
    assert url_of(bonds) in text
    # The website's second theme is named in its box, and it is not printed twice.
    assert "Thematic areas: Remittances, Diaspora" in text
    assert "Lead countries: Sweden" in text
    assert [p.text for p in document.paragraphs].count("Remittance price comparison website") == 1

    annex = document.tables[-1]
    assert [cell.text for cell in annex.rows[0].cells] == [
        "Practice",
        "Lead countries",
        "Thematic areas",
        "SDG targets",
        "GCM objectives",
    ]
    assert [[cell.text for cell in row.cells][:4] for row in annex.rows[1:]] == [
        ["Diaspora bonds for infrastructure", "Ghana, Kenya", "Diaspora", "17.3"],
        ["Remittance price comparison website", "Sweden", "Remittances, Diaspora", "10.c"],
    ]

    assert "Seasonal workers scheme" not in text
    assert "Draft remittance voucher" not in text


def test_the_pdf_holds_what_was_selected(practices):
    """The same content as text a reader can select, live links, the title and language in
    the document's metadata, an outline of the sections, and page numbers."""
    data = report_builder.build_pdf(contents_for(10, 17))
    text, reader, links = pdf_text(data)

    assert reader.metadata.title == "GFMD contribution to the 2017 HLPF"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "GFMD contribution to the 2017 HLPF" in text
    assert "Goal 10. Reduce inequality within and among countries" in text
    assert f"Goal 17. {SDGGoal.objects.get(number=17).title}" in text
    assert "Best practice box 1: Remittances" in text
    assert "Best practice box 2: Diaspora" in text
    for practice in (practices["bonds"], practices["website"]):
        assert practice.title in text
        assert practice.summary in text
        assert url_of(practice) in text
        assert url_of(practice) in links
    assert "Ghana, Kenya" in text
    assert " ".join(f"17.3 — {SDGTarget.objects.get(code='17.3').text}".split()) in text
    assert "Objective 20: Remittances" in text
    assert "Page 2" in text

    outline = [item["/Title"] for item in reader.outline if not isinstance(item, list)]
    assert outline == [
        "Contents",
        "SDGs in focus",
        "Best practice box 1: Remittances",
        "Best practice box 2: Diaspora",
        "Annex: all practices of this report",
    ]
    annex = text.split("Annex: all practices of this report")[-1]
    assert "Diaspora bonds for infrastructure Ghana, Kenya Diaspora 17.3" in annex
    assert "Remittance price comparison website Sweden Remittances, Diaspora 10.c" in annex

    assert "Seasonal workers scheme" not in text
    assert "Draft remittance voucher" not in text


def test_markup_and_control_characters_are_printed_as_text(reference_data):
    """A practice's text is never read as the PDF library's markup, and characters XML
    cannot hold (a vertical tab pasted from a word processor) do not break either file."""
    practice = make_practice(
        title="Cash & care <b>for</b> families",
        summary='A summary with <font size="80">markup</font> &\x0b an ampersand.',
        targets=("10.c",),
    )
    contents = contents_for(10)
    text, _reader, _links = pdf_text(report_builder.build_pdf(contents))
    assert practice.title in text
    assert 'A summary with <font size="80">markup</font> & an ampersand.' in text
    text, _document = docx_text(report_builder.build_docx(contents))
    assert practice.title in text
    assert 'A summary with <font size="80">markup</font> & an ampersand.' in text


def test_a_practice_unpublished_since_the_selection_is_left_out(practices):
    selection = report_builder.select_practices(goals=goals(10, 17))
    Practice.objects.filter(pk=practices["bonds"].pk).update(review_state=ReviewState.UNPUBLISHED)
    contents = report_builder.report_contents(
        selection=selection, title="T", year=2017, base_url=BASE_URL
    )
    assert [entry.title for entry in contents.entries] == ["Remittance price comparison website"]


def test_the_report_is_written_in_the_active_language(practices):
    """The document's own words come from the translations, and its language is recorded."""
    with translation.override("fr"):
        contents = contents_for(10, 17)
        _text, document = docx_text(report_builder.build_docx(contents))
    assert contents.language == "fr"
    assert document.core_properties.language == "fr"


def _many_practices(count):
    """`count` published practices, written in bulk: each with two themes, three targets, two
    lead countries and a GCM objective."""
    now = timezone.now()
    created = Practice.objects.bulk_create(
        Practice(
            title=f"Practice number {n:04d} on remittances and diaspora investment",
            slug=f"practice-number-{n:04d}",
            summary="A practice on migration and development, with a summary of some length "
            "as the real ones have. " * 3,
            review_state=ReviewState.PUBLISHED,
            published_at=now,
        )
        for n in range(count)
    )
    themes = list(ThematicArea.objects.all()[:3])
    targets = list(SDGTarget.objects.filter(code__in=["10.7", "10.c", "17.3", "8.8"]))
    countries = list(Country.objects.filter(code__in=["GH", "KE", "PH", "SE"]))
    objective = GCMObjective.objects.get(number=19)
    relations = (
        (Practice.thematic_areas.through, "thematicarea", themes, 2),
        (Practice.sdg_targets.through, "sdgtarget", targets, 3),
        (Practice.lead_countries.through, "country", countries, 2),
        (Practice.gcm_objectives.through, "gcmobjective", [objective], 1),
    )
    for through, name, values, per_practice in relations:
        through.objects.bulk_create(
            through(practice=practice, **{name: values[(i + k) % len(values)]})
            for i, practice in enumerate(created)
            for k in range(per_practice)
        )
    practices_changed([practice.pk for practice in created])
    return created


def test_five_hundred_practices_take_seconds_not_minutes(
    reference_data, django_assert_max_num_queries
):
    """The contents are read in a fixed handful of queries, and both files are built in well
    under a minute (about 2 s for the DOCX and 3 s for the PDF on the development machine)."""
    _many_practices(500)
    selection = report_builder.select_practices(goals=goals(10))
    assert selection.count == 500
    with django_assert_max_num_queries(10):
        contents = report_builder.report_contents(
            selection=selection, title="Large", year=2026, base_url=BASE_URL
        )
    for build in (report_builder.build_docx, report_builder.build_pdf):
        started = time.monotonic()
        data = build(contents)
        assert time.monotonic() - started < 30
        assert len(data) > 10_000
    text, _document = docx_text(report_builder.build_docx(contents))
    assert "Practice number 0499 on remittances and diaspora investment" in text
