"""The people of the workspace tests, and practices made through the write paths.

Ghana owns the practices; Kenya is the other government. Users are built the way the portal
builds them: a national-government organization for a country, a confirmed focal-point
membership; a partner is a member of a civil-society organization; a moderator is staff in
the Moderators group.
"""

import itertools

from django.contrib.auth.models import Group

from pfp.accounts.models import Membership, Organization, User
from pfp.accounts.roles import MODERATORS_GROUP
from pfp.moderation import workflow
from pfp.moderation.models import ReviewState
from pfp.taxonomy.models import Country, PartnerType, SDGTarget, ThematicArea
from practices import services

_numbers = itertools.count(1)
PASSWORD = "a-long-workspace-password-42"


def make_user(email=None, **fields):
    email = email or f"user{next(_numbers)}@example.org"
    return User.objects.create_user(email=email, password=PASSWORD, **fields)


def government(code):
    country = Country.objects.get(code=code)
    existing = Organization.objects.filter(country=country, is_national_government=True).first()
    return existing or Organization.objects.create(
        name=f"Government of {country.name}",
        partner_type=PartnerType.objects.get(slug=PartnerType.NATIONAL_GOVERNMENT),
        country=country,
        verified=True,
    )


def focal_point(of, email=None, **fields):
    user = make_user(email, **fields)
    Membership.objects.create(
        user=user, organization=of, role=Membership.Role.FOCAL_POINT, confirmed=True
    )
    return user


def partner(email=None):
    organization = Organization.objects.create(
        name=f"Diaspora Network {next(_numbers)}",
        partner_type=PartnerType.objects.get(slug="diaspora-organization"),
        country=Country.objects.get(code="PH"),
        verified=True,
    )
    user = make_user(email)
    Membership.objects.create(
        user=user, organization=organization, role=Membership.Role.MEMBER, confirmed=True
    )
    return user


def moderator(email=None):
    user = make_user(email, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    return user


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


def form_data(practice=None, **changes):
    """What the browser posts from the practice form when the user changes only `changes`.

    Built from the forms' own initial values, as the page renders them, so that a test posts
    exactly what a person who left the other fields alone would post.
    """
    from django import forms as django_forms

    from practices.forms import practice_forms

    forms = practice_forms(practice=practice)
    bound_forms = [forms["form"]]
    for key in ("roundtables", "links", "attachments"):
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
