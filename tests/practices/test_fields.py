"""The practice field registry agrees with what the write paths and the search use."""

from pfp.moderation.models import ReviewState
from practices import fields, selectors
from practices.models import Practice
from tests.factories import make_practice


def test_every_field_named_is_a_field_of_practice():
    names = {field.name for field in Practice._meta.get_fields()}
    assert [f.name for f in fields.FIELDS if f.name not in names] == []


def test_what_a_submission_needs_is_what_the_registry_requires(reference_data):
    """An empty practice lacks exactly the fields marked required to submit."""
    practice = make_practice(title="x", state=ReviewState.DRAFT, themes=(), targets=())
    practice.title = practice.summary = ""
    practice.status = ""
    missing = [name for name, _message in selectors.practice_missing(practice)]
    assert sorted(missing) == sorted(fields.REQUIRED_TO_SUBMIT)
