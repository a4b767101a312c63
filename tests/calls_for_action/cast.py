"""The people and calls of the calls-for-action tests: Ghana posts calls, Kenya is another
government, a partner organization answers. Calls are made through the write paths."""

import datetime

from django.utils import timezone

from calls_for_action import services
from pfp.moderation import workflow
from pfp.taxonomy.models import Country, PartnerType, SDGTarget, ThematicArea
from tests.moderation.cast import (  # noqa: F401 - the shared cast
    PASSWORD,
    focal_point,
    government,
    make_user,
    moderator,
    partner,
)


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def date_data(name, date):
    """What the day, month and year inputs of a date field post."""
    return {f"{name}_0": str(date.day), f"{name}_1": str(date.month), f"{name}_2": str(date.year)}


def call_fields(**overrides):
    fields = {
        "title": "Partners for a diaspora skills programme",
        "kind": "seeking-partners",
        "description": "Ghana **seeks** partners.",
        "sought": "Trainers and funding.",
        "deadline": in_days(30),
        "thematic_areas": list(ThematicArea.objects.filter(slug="remittances")),
        "sdg_targets": list(SDGTarget.objects.filter(code="10.c")),
        "partner_types": list(PartnerType.objects.filter(slug="civil-society")),
        "countries": list(Country.objects.filter(code="GH")),
    }
    fields.update(overrides)
    return fields


def call_form_data(**overrides):
    """What the call form posts for the call of `call_fields()`: ids for its relations, and
    the deadline as its day, month and year inputs."""
    data = {}
    for name, value in call_fields().items():
        if name == "deadline":
            data.update(date_data(name, value))
        else:
            data[name] = [obj.pk for obj in value] if isinstance(value, list) else value
    return {**data, **overrides}


def section_url(call, key):
    return f"/my/calls/{call.pk}/section/{key}/"


def section_data(key, **overrides):
    """What the page of one section of the task list posts, for the call of `call_fields()`
    (and `overrides`, in the posted form: `deadline_0`…, ids)."""
    from calls_for_action.sections import BY_KEY

    names = BY_KEY[key].fields
    data = {
        name: value
        for name, value in call_form_data().items()
        if name in names or name.rsplit("_", 1)[0] in names
    }
    return {**data, **overrides}


def save_section(client, call, key, **overrides):
    """Post one section of `call` as its page does ("Save and continue"), from its current
    version; returns the response."""
    call.refresh_from_db()
    data = {**section_data(key), "expected_version": call.version, "then": "tasks", **overrides}
    return client.post(section_url(call, key), data)


def draft_call(author, **overrides):
    return services.call_create(actor=author, fields=call_fields(**overrides))


def published_call(author, decider, **overrides):
    call = services.call_submit(call=draft_call(author, **overrides), actor=author)
    return workflow.perform(item=call, action_name="publish", actor=decider)


def offer_fields(**overrides):
    fields = {
        "kind": "join",
        "message": "We run training centres in Accra.",
        "contact_name": "Ana Cruz",
        "contact_email": "ana@ngo.example.org",
        "contact_phone": "",
    }
    fields.update(overrides)
    return fields


def make_offer(call, actor, **overrides):
    return services.offer_make(call=call, actor=actor, fields=offer_fields(**overrides))
