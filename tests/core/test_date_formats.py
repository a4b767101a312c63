"""Dates read the same to everyone, on the site and in the admin: "1 Dec 2026" and
"1 Dec 2026, 18:47", never the American "12/01/2026 6:47 p.m."."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import formats, translation

from pfp.moderation import workflow
from pfp.moderation.models import ModerationLogEntry, ReviewState
from practices.models import Practice
from tests.factories import make_practice
from tests.moderation import cast

EVENING = dt.datetime(2026, 12, 1, 18, 47, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "name, shown",
    [
        ("DATE_FORMAT", "1 Dec 2026"),
        ("SHORT_DATE_FORMAT", "1 Dec 2026"),
        ("DATETIME_FORMAT", "1 Dec 2026, 18:47"),
        ("SHORT_DATETIME_FORMAT", "1 Dec 2026, 18:47"),
        ("TIME_FORMAT", "18:47"),
    ],
)
def test_english_formats_are_day_month_year_on_a_24_hour_clock(name, shown):
    with translation.override("en"):
        assert formats.date_format(EVENING, name) == shown


def test_typed_dates_keep_django_input_formats():
    """Only what is shown changes: the admin's date fields take what they always took."""
    with translation.override("en"):
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%Y-%m-%d"


def test_a_public_page_shows_the_shared_date_format(client, reference_data):
    practice = make_practice(title="Diaspora bonds", last_reviewed_at=dt.date(2026, 12, 1))

    page = client.get(practice.get_absolute_url()).content.decode()

    assert "1 Dec 2026" in page
    assert "12/01/2026" not in page and "December 1" not in page


def test_the_admin_shows_the_shared_date_time_format(client, settings, reference_data):
    """The queue's "submitted" column and the moderation log of the review page."""
    settings.PFP_REQUIRE_2FA_FOR_STAFF = False
    ghana = cast.government("GH")
    owner = cast.focal_point(ghana, "owner@gh.example.org")
    practice = make_practice(state=ReviewState.DRAFT, government=ghana, title="Diaspora bonds")
    workflow.perform(item=practice, action_name="submit", actor=owner)
    ModerationLogEntry.objects.filter(object_id=practice.pk).update(created_at=EVENING)
    client.force_login(cast.moderator("moderator@gfmd.example.org"))

    queue = client.get(reverse("admin:practices_practice_changelist")).content.decode()
    review = client.get(
        reverse("admin:practices_practice_change", args=[practice.pk])
    ).content.decode()

    assert "submitted 1 Dec 2026, 18:47" in queue
    assert "1 Dec 2026, 18:47" in review
    for page in (queue, review):
        assert "p.m." not in page and "12/01/2026" not in page
    assert Practice.objects.get(pk=practice.pk).review_state == ReviewState.SUBMITTED
