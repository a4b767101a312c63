"""The practice form and its formsets: what a draft needs, how choices are offered."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pfp.accounts.models import Organization
from pfp.taxonomy.models import PartnerType, Roundtable, SDGTarget
from practices.forms import AttachmentFormSet, LinkFormSet, PracticeForm, RoundtableFormSet
from tests.practices import workspace_cast as cast


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "30",
    }


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_draft_needs_only_a_title(reference_data):
    form = PracticeForm({"title": "Just a title", "practice_type": "policy", "language": "en"})
    assert form.is_valid(), form.errors
    assert [name for name, field in form.fields.items() if field.required] == ["title"]


def test_a_summary_is_at_most_600_characters(reference_data):
    form = PracticeForm({"title": "T", "summary": "x" * 601, "practice_type": "policy"})
    assert not form.is_valid()
    assert form.errors.as_data()["summary"][0].code == "max_length"


def test_targets_are_grouped_by_goal(reference_data):
    """169 targets in 17 groups, in goal order, each with its official code and text."""
    groups = PracticeForm().target_groups
    assert len(groups) == 17
    assert str(groups[9][0]) == "Goal 10. Reduced inequalities"
    assert sum(len(options) for _goal, options in groups) == SDGTarget.objects.count() == 169
    codes = [target.code for _checkbox, target in groups[9][1]]
    assert codes[:2] == ["10.1", "10.2"] and codes[-1] == "10.c"
    checkbox, target = groups[9][1][6]
    assert target.code == "10.7"
    assert f'value="{target.pk}"' in str(checkbox.tag())


def test_the_end_year_is_not_before_the_start(reference_data):
    form = PracticeForm(
        {"title": "T", "start_year": "2020", "end_year": "2019", "practice_type": "policy"}
    )
    assert not form.is_valid()
    assert form.errors.as_data()["end_year"][0].code == "end_before_start"


def test_years_are_plausible(reference_data):
    form = PracticeForm({"title": "T", "start_year": "20", "practice_type": "policy"})
    assert not form.is_valid()
    assert "start_year" in form.errors


def test_partner_organizations_offer_verified_ones_and_those_already_linked(reference_data):
    """Unverified organizations (self-registered, not checked by staff) are not offered,
    unless the practice already names them."""
    civil_society = PartnerType.objects.get(slug="civil-society")
    verified = Organization.objects.create(
        name="Verified", partner_type=civil_society, verified=True
    )
    unverified = Organization.objects.create(name="Unchecked", partner_type=civil_society)
    offered = PracticeForm().fields["partner_organizations"].queryset
    assert verified in offered and unverified not in offered

    owner = cast.focal_point(cast.government("GH"))
    practice = cast.draft(owner, partner_organizations=[unverified])
    assert unverified in PracticeForm(instance=practice).fields["partner_organizations"].queryset


def test_a_non_image_is_refused_as_the_picture(reference_data):
    form = PracticeForm(
        {"title": "T", "practice_type": "policy"},
        {"image": SimpleUploadedFile("photo.png", b"%PDF-1.7\n%%EOF\n")},
    )
    assert not form.is_valid()
    assert form.errors.as_data()["image"][0].code == "content_not_accepted"


def test_an_image_is_renamed_after_its_kind(reference_data):
    form = PracticeForm(
        {"title": "T", "practice_type": "policy"},
        {"image": SimpleUploadedFile("My Holiday.PNG", png())},
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["image"].name == "upload.png"


def test_removing_the_image_is_said_with_false(reference_data):
    form = PracticeForm({"title": "T", "practice_type": "policy", "remove_image": "on"})
    assert form.is_valid()
    assert form.service_fields()["image"] is False


def test_a_link_needs_an_address_and_takes_it_as_title_when_untitled():
    links = LinkFormSet(
        {
            **management("links", 2),
            "links-0-title": "Programme site",
            "links-1-url": "https://example.org/programme",
        },
        prefix="links",
    )
    assert not links.is_valid()
    assert links.forms[0].errors.as_data()["url"][0].code == "url_required"

    links = LinkFormSet(
        {**management("links", 1), "links-0-url": "https://example.org/programme"},
        prefix="links",
    )
    assert links.is_valid()
    assert links.cleaned_links() == [
        {"title": "https://example.org/programme", "url": "https://example.org/programme"}
    ]


def test_a_link_must_be_a_web_address():
    links = LinkFormSet(
        {**management("links", 1), "links-0-title": "x", "links-0-url": "javascript:alert(1)"},
        prefix="links",
    )
    assert not links.is_valid()


def test_a_roundtable_is_listed_once(reference_data):
    roundtable = Roundtable.objects.get(identifier="2017-2.1")
    data = {
        **management("roundtables", 2),
        "roundtables-0-roundtable": str(roundtable.pk),
        "roundtables-0-presentation": "discussion",
        "roundtables-1-roundtable": str(roundtable.pk),
        "roundtables-1-presentation": "background_paper",
    }
    roundtables = RoundtableFormSet(data, prefix="roundtables")
    assert not roundtables.is_valid()
    assert roundtables.non_form_errors().as_data()[0].code == "duplicate_roundtable"


def test_roundtables_are_grouped_by_summit(reference_data):
    field = RoundtableFormSet(prefix="roundtables").forms[0].fields["roundtable"]
    groups = [label for label, options in field.choices if isinstance(options, list)]
    assert groups[0].startswith("GFMD 2025")
    assert any(label.startswith("GFMD 2017") for label in groups)


def test_an_attachment_title_without_a_file_asks_for_the_file(db):
    attachments = AttachmentFormSet(
        {**management("attachments", 1), "attachments-0-title": "Evaluation"},
        prefix="attachments",
    )
    assert not attachments.is_valid()
    assert attachments.forms[0].errors.as_data()["file"][0].code == "file_required"


def test_an_untitled_attachment_is_titled_after_its_file(db):
    attachments = AttachmentFormSet(
        management("attachments", 1),
        {"attachments-0-file": SimpleUploadedFile("Evaluation 2019.pdf", b"%PDF-1.7\n%%EOF")},
        prefix="attachments",
    )
    assert attachments.is_valid(), attachments.errors
    [item] = attachments.cleaned_attachments()
    assert item["title"] == "Evaluation 2019"
    assert item["upload"].content_type == "application/pdf"
    assert item["upload"].file.name == "upload.pdf"


@pytest.mark.parametrize("field", ["lead_countries", "other_countries", "sdg_targets"])
def test_long_pickers_are_checkboxes(reference_data, field):
    """Long lists are checkboxes: usable by keyboard and without JavaScript."""
    html = str(PracticeForm()[field])
    assert html.count('type="checkbox"') >= 169
