"""Practices made through the write paths, for the workspace tests; the people are the one
cast of `tests.moderation.cast`, re-exported here.

Ghana owns the practices; Kenya is the other government.
"""

from pfp.moderation import workflow
from pfp.moderation.models import ReviewState
from pfp.taxonomy.models import Country, SDGTarget, ThematicArea
from practices import services
from tests.moderation.cast import (  # noqa: F401 - the one cast of people, re-exported
    PASSWORD,
    focal_point,
    government,
    make_user,
    moderator,
    partner,
)


def complete_fields(**overrides):
    """What a submission needs, as the form hands it to the services."""
    fields = {
        "title": "Diaspora investment fund",
        "summary": "A fund that matches diaspora savings for local businesses.",
        "description": "The fund **matches** each cedi saved.",
        "status": "ongoing",
        "thematic_areas": list(ThematicArea.objects.filter(slug="remittances")),
        "sdg_targets": list(SDGTarget.objects.filter(code="10.c")),
        "lead_countries": list(Country.objects.filter(code="GH")),
    }
    fields.update(overrides)
    return fields


def draft(author, **overrides):
    return services.practice_create(actor=author, fields=complete_fields(**overrides))


def submitted(author, **overrides):
    practice = draft(author, **overrides)
    return services.practice_submit(practice=practice, actor=author)


def returned(author, by, comment="Please add the results.", **overrides):
    practice = submitted(author, **overrides)
    return workflow.perform(item=practice, action_name="return", actor=by, comment=comment)


def published(author, by, **overrides):
    practice = submitted(author, **overrides)
    practice = workflow.perform(item=practice, action_name="publish", actor=by)
    assert practice.review_state == ReviewState.PUBLISHED
    return practice


def form_data(practice=None, section="about", **changes):
    """What the browser posts from a section of the practice form (practices/sections.py)
    when the user changes only `changes`.

    Built from the forms' own initial values, as the page renders them, so that a test posts
    exactly what a person who left the other fields alone would post.
    """
    from django import forms as django_forms

    from practices.forms import practice_forms
    from practices.sections import BY_KEY

    forms = practice_forms(practice=practice, section=BY_KEY[section])
    bound_forms = [forms["form"]]
    for key in ("roundtables", "links", "attachments"):
        if key in forms:
            bound_forms += [forms[key].management_form, *forms[key].forms]
    data = {}
    for form in bound_forms:
        for field in form:
            widget = field.field.widget
            value = field.value()
            if isinstance(widget, django_forms.FileInput):
                continue
            if isinstance(widget, django_forms.CheckboxInput):
                if value:
                    data[field.html_name] = "on"
                continue
            formatted = widget.format_value(value)
            if isinstance(widget, django_forms.CheckboxSelectMultiple):
                data[field.html_name] = list(formatted)
            elif isinstance(formatted, list):
                data[field.html_name] = formatted[0] if formatted else ""
            elif formatted is not None:
                data[field.html_name] = formatted
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def section_url(practice, section):
    return f"/my/practices/{practice.pk}/section/{section}/"


def save_section(client, practice, section, **changes):
    """Post one section of the practice form as its page would, changing only `changes`."""
    practice.refresh_from_db()
    return client.post(
        section_url(practice, section), form_data(practice, section=section, **changes)
    )
