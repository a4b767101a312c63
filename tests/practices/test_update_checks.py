"""Proposed updates are checked on what they change, and the moderator learns what the
record still lacks: the practices of the GFMD report have no description, and most no
status, yet their governments may update them."""

import pytest

from pfp.moderation import workflow
from pfp.moderation.models import ReviewState
from pfp.taxonomy.models import SDGTarget
from practices import selectors, services
from practices.models import Practice
from tests.practices import workspace_cast as cast


@pytest.fixture
def report_practice(report_practices):
    """A practice of the GFMD report, published without a description or a status."""
    practice = Practice.objects.filter(
        review_state=ReviewState.PUBLISHED, description="", status="", government__isnull=False
    ).first()
    assert practice is not None
    return practice


@pytest.fixture
def its_focal_point(report_practice):
    return cast.focal_point(report_practice.government, "focal@report.example.org")


def proposed_update(practice, actor, *, links=None, **fields):
    update = services.practice_propose_update(practice=practice, actor=actor)
    return services.practice_save(
        practice=update,
        actor=actor,
        expected_version=update.version,
        fields=fields,
        links=links,
    )


def test_an_update_of_a_report_practice_changing_its_summary_and_links_is_submitted(
    report_practice, its_focal_point
):
    """The record lacks a description and a status; the update changes neither, so it is
    accepted for review."""
    update = proposed_update(
        report_practice,
        its_focal_point,
        summary="A clearer summary of what the practice did.",
        links=[{"title": "Evaluation", "url": "https://example.org/evaluation"}],
    )

    submitted = services.practice_submit(practice=update, actor=its_focal_point)

    assert submitted.review_state == ReviewState.SUBMITTED
    assert Practice.objects.get(pk=report_practice.pk).review_state == ReviewState.PUBLISHED


def test_an_update_is_held_to_the_submit_rules_on_what_it_changes(report_practice, its_focal_point):
    """A summary that the update makes too long, or targets it takes away, are refused as on
    a new submission; what the update leaves alone is not named."""
    update = proposed_update(
        report_practice, its_focal_point, summary="x" * 601, sdg_targets=SDGTarget.objects.none()
    )

    with pytest.raises(services.IncompletePractice) as refused:
        services.practice_submit(practice=update, actor=its_focal_point)

    assert [name for name, _message in refused.value.missing] == ["summary", "sdg_targets"]
    assert Practice.objects.get(pk=update.pk).review_state == ReviewState.DRAFT


def test_an_update_that_empties_a_field_the_record_lacks_anyway_is_refused_on_it(
    report_practice, its_focal_point
):
    """Changing the status from one value to none is a change, and checked."""
    report_practice.status = Practice.Status.ONGOING
    report_practice.save(update_fields=["status"])
    update = proposed_update(report_practice, its_focal_point, status="")

    assert [name for name, _message in selectors.practice_missing(update)] == ["status"]


def test_a_new_practice_is_still_checked_on_everything(its_focal_point):
    """Only updates are checked on what they change; a new practice needs it all."""
    practice = cast.draft(its_focal_point, description="", status="")

    with pytest.raises(services.IncompletePractice) as refused:
        services.practice_submit(practice=practice, actor=its_focal_point)

    assert [name for name, _message in refused.value.missing] == ["description", "status"]


def test_the_record_still_lacks_what_the_update_leaves_out(report_practice, its_focal_point):
    """The list the moderator reads: the labels of what the record lacks, update or not."""
    update = proposed_update(report_practice, its_focal_point, summary="A clearer summary.")

    assert selectors.practice_lacks(report_practice) == ["Description", "Status"]
    assert selectors.practice_lacks(update) == ["Description", "Status"]

    services.practice_save(
        practice=update,
        actor=its_focal_point,
        expected_version=update.version,
        fields={"description": "What the practice is.", "status": "completed"},
    )
    assert selectors.practice_lacks(update) == []


def test_what_an_update_changes_is_read_from_its_practice(report_practice, its_focal_point):
    update = proposed_update(
        report_practice,
        its_focal_point,
        summary="A clearer summary.",
        sdg_targets=SDGTarget.objects.filter(code="10.7"),
    )

    assert selectors.update_changes(update) == {"summary", "sdg_targets"}


def test_a_moderator_publishes_the_update_of_a_report_practice(
    report_practice, its_focal_point, reference_data
):
    moderator = cast.moderator("moderator@gfmd.example.org")
    update = proposed_update(report_practice, its_focal_point, summary="A clearer summary.")
    services.practice_submit(practice=update, actor=its_focal_point)

    workflow.perform(item=update, action_name="publish", actor=moderator)

    report_practice.refresh_from_db()
    assert report_practice.summary == "A clearer summary."
    assert report_practice.review_state == ReviewState.PUBLISHED
