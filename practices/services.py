"""Write paths for practices: plain functions that take the acting user, check permission,
change the data in one transaction, and record what happened.

Review transitions go through `pfp.moderation.workflow.perform`; this module adds what is
particular to practices: proposing an update of a published practice, and publishing that
update onto it.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from pfp.accounts.roles import government_of
from pfp.moderation import workflow
from pfp.moderation.models import ReviewState

from .models import Practice, PracticeAttachment, PracticeLink, PracticeRoundtable, unique_slug
from .search_index import practices_changed

# What a proposed update may change: the content, never the identity or the review state.
CONTENT_FIELDS = [
    "title",
    "summary",
    "description",
    "objectives",
    "implementation",
    "results",
    "enabling_factors",
    "sustainability",
    "lessons_learned",
    "practice_type",
    "status",
    "start_year",
    "end_year",
    "geographic_scope",
    "other_gfmd_sources",
    "image",
    "image_alt",
    "language",
    "source_note",
]
M2M_FIELDS = [
    "lead_countries",
    "other_countries",
    "partner_organizations",
    "partner_types",
    "thematic_areas",
    "sdg_targets",
    "gcm_objectives",
]


def copy_content(*, source, target):
    """Copy the content and every relation of one practice onto another (saved) one."""
    for name in CONTENT_FIELDS:
        setattr(target, name, getattr(source, name))
    target.save()
    for name in M2M_FIELDS:
        getattr(target, name).set(getattr(source, name).all())
    target.keywords.set(list(source.keywords.all()))
    PracticeRoundtable.objects.filter(practice=target).delete()
    PracticeRoundtable.objects.bulk_create(
        PracticeRoundtable(
            practice=target, roundtable_id=link.roundtable_id, presentation=link.presentation
        )
        for link in PracticeRoundtable.objects.filter(practice=source)
    )
    target.links.all().delete()
    PracticeLink.objects.bulk_create(
        PracticeLink(practice=target, title=link.title, url=link.url, position=link.position)
        for link in source.links.all()
    )
    target.attachments.all().delete()
    # The files are shared: an attachment row points at a stored file, which is never
    # deleted by an update.
    PracticeAttachment.objects.bulk_create(
        PracticeAttachment(
            practice=target,
            title=a.title,
            file=a.file.name,
            content_type=a.content_type,
            size=a.size,
            position=a.position,
        )
        for a in source.attachments.all()
    )


def practice_propose_update(*, practice, actor):
    """Open a proposed update of a published practice: a draft copy that its government edits
    while the published text stays public. Returns the update (an existing one if in flight)."""
    government = government_of(actor)
    if government is None or government.pk != practice.government_id:
        raise PermissionDenied
    if practice.review_state != ReviewState.PUBLISHED or practice.update_of_id:
        raise workflow.WorkflowError(
            "Only a published practice can be updated.", code="not_published"
        )
    in_flight = practice.proposed_updates.filter(
        review_state__in=[ReviewState.DRAFT, ReviewState.SUBMITTED, ReviewState.RETURNED]
    ).first()
    if in_flight:
        return in_flight
    try:
        with transaction.atomic():
            update = Practice.objects.create(
                title=practice.title,
                slug=unique_slug(Practice, f"{practice.slug}-update"),
                summary=practice.summary,
                government=practice.government,
                created_by=actor,
                update_of=practice,
                review_state=ReviewState.DRAFT,
            )
            copy_content(source=practice, target=update)
            workflow.log(
                item=update,
                actor=actor,
                action="propose_update",
                from_state="",
                to_state=ReviewState.DRAFT,
            )
    except IntegrityError:
        # Two colleagues proposed an update at the same moment: the database kept one.
        return practice.proposed_updates.get(
            review_state__in=[ReviewState.DRAFT, ReviewState.SUBMITTED, ReviewState.RETURNED]
        )
    return update


def merge_update(*, update, actor, now):
    """Publish a proposed update onto its practice (called by the workflow, inside its
    transaction). The update itself is kept, marked merged, as the record of what changed."""
    original = Practice.objects.select_for_update().get(pk=update.update_of_id)
    copy_content(source=update, target=original)
    original.version += 1
    original.last_reviewed_at = now.date()
    original.save(update_fields=["version", "last_reviewed_at", "updated_at"])
    workflow.log(
        item=original,
        actor=actor,
        action="publish_update",
        from_state=original.review_state,
        to_state=original.review_state,
    )
    transaction.on_commit(lambda: practices_changed([original.pk]))
    return original
