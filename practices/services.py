"""Write paths for practices: plain functions that take the acting user, check permission,
change the data in one transaction, and record what happened.

Review actions go through `pfp.moderation.workflow.perform`, and edits through
`pfp.moderation.editing` (unique slugs, the version check), as for calls. This module adds
what is particular to practices: what a practice holds, the completeness check before
submission, and proposed updates: opening one (the `propose_update` action, with the copy made
here) and publishing one onto its practice (the merge, registered as the effect of publishing
an update copy).

Views validate input (practices/forms.py, pfp/core/uploads.py); these functions assume it is
valid and decide only who may do what, and when.
"""

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from pfp.accounts.roles import government_of, is_moderator
from pfp.core.slugs import unique_slug
from pfp.moderation import editing, workflow
from pfp.moderation.models import IN_FLIGHT_STATES, LogAction, ReviewState

from .fields import COPIED_FIELDS, COPIED_RELATIONS, EDITABLE_FIELDS
from .models import Practice, PracticeAttachment, PracticeLink, PracticeRoundtable
from .selectors import practice_missing

# What a proposed update may change: the content, never the identity or the review state.
CONTENT_FIELDS = COPIED_FIELDS
M2M_FIELDS = COPIED_RELATIONS


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
    while the published text stays public. Returns the update (an existing one if in flight).

    The `propose_update` action of the workflow checks who may act and logs it on the
    practice; the copy, with its own first log entry, is made in the same transaction.
    """
    in_flight = practice.proposed_updates.filter(review_state__in=IN_FLIGHT_STATES).first()
    if in_flight and workflow.may_act(actor, workflow.ACTIONS["propose_update"], practice):
        return in_flight
    try:
        with transaction.atomic():
            workflow.perform(item=practice, action_name="propose_update", actor=actor)
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
                action=LogAction.PROPOSE_UPDATE,
                from_state="",
                to_state=ReviewState.DRAFT,
            )
    except IntegrityError:
        # Two colleagues proposed an update at the same moment: the database kept one.
        return practice.proposed_updates.get(review_state__in=IN_FLIGHT_STATES)
    return update


@workflow.on_action(Practice, "publish")
def merge_update(*, item, actor, now):
    """Publishing a proposed update publishes it onto its practice (inside the workflow's
    transaction). The update itself is kept, marked merged, as the record of what changed."""
    if not item.update_of_id:
        return []
    original = Practice.objects.select_for_update().get(pk=item.update_of_id)
    if original.review_state != ReviewState.PUBLISHED:
        # Unpublished while the update was under review: publishing the update must not
        # bring the practice back without a decision on the practice itself.
        raise workflow.WorkflowError(
            _("The practice this update belongs to is no longer published."),
            code="original_not_published",
        )
    copy_content(source=item, target=original)
    original.version += 1
    original.last_reviewed_at = now.date()
    original.save(update_fields=["version", "last_reviewed_at", "updated_at"])
    workflow.log(
        item=original,
        actor=actor,
        action=LogAction.PUBLISH_UPDATE,
        from_state=original.review_state,
        to_state=original.review_state,
    )
    return []


# --- the focal points' workspace -----------------------------------------------------------

# Where the owner may change the text. Submitted items are locked while a moderator reads them;
# published ones change through a proposed update; rejected, withdrawn and merged ones are the
# record of what happened.
EDITABLE_STATES = editing.EDITABLE_STATES
EditConflict = editing.EditConflict


class IncompletePractice(workflow.WorkflowError):
    """A submission that lacks what a moderator needs; `missing` is [(field, message)]."""

    def __init__(self, missing):
        super().__init__(_("Before it can be submitted, this practice needs:"), code="incomplete")
        self.missing = missing


def practice_create(*, actor, fields, roundtables=(), links=(), attachments=()):
    """A new draft practice of the actor's government. Only a title is needed for a draft.

    `fields` holds the form's values (see `_apply_fields`); the government is always the
    actor's, never taken from the input.
    """
    government = government_of(actor)
    if government is None:
        raise PermissionDenied

    def build(slug):
        practice = Practice(
            government=government, created_by=actor, review_state=ReviewState.DRAFT, slug=slug
        )
        practice._history_user = actor
        _apply_fields(practice, fields)
        practice.save()
        _apply_relations(
            practice, fields, roundtables=roundtables, links=links, attachments=attachments
        )
        return practice

    return editing.create_with_unique_slug(Practice, title=fields["title"], build=build)


def practice_save(
    *,
    practice,
    actor,
    expected_version,
    fields,
    roundtables=None,
    links=None,
    attachments=None,
):
    """Save an edit of a draft, returned or unpublished practice made from `expected_version`.

    Raises PermissionDenied (not the actor's government), WorkflowError with code "locked"
    (submitted, published …) or EditConflict (someone saved since). Relations passed as None
    are left as they are.
    """
    editing.require_owner(actor, practice)
    with transaction.atomic():
        # The row stays locked from the version check to the end of this transaction, so a
        # submission cannot slip in half-way either.
        editing.claim_version(practice, expected_version=expected_version)
        # Read from the row: a bound ModelForm has already set the new title on the instance.
        title_before = Practice.objects.values_list("title", flat=True).get(pk=practice.pk)
        _apply_fields(practice, fields)
        changed = [name for name in EDITABLE_FIELDS if name in fields]
        if _slug_may_follow_title(practice) and slugify(practice.title) != slugify(title_before):
            practice.slug = unique_slug(Practice, practice.title)
            changed.append("slug")
        practice._history_user = actor
        practice.save(update_fields=[*changed, "version", "updated_at"])
        _apply_relations(
            practice, fields, roundtables=roundtables, links=links, attachments=attachments
        )
        # No search refresh here: only unpublished states are editable (a published practice
        # changes through a proposed update, refreshed by merge_update), and the signals
        # refresh the search columns of any saved row after the commit.
    return practice


def _slug_may_follow_title(practice):
    """A practice never published has no public address yet: its slug follows its title."""
    return practice.published_at is None and practice.update_of_id is None


def practice_submit(*, practice, actor):
    """Send a practice for review, once it holds what a moderator needs.

    Raises IncompletePractice with the list of what is missing, PermissionDenied or
    WorkflowError.
    """
    submit = workflow.ACTIONS["submit"]
    with transaction.atomic():
        # Checked on the row as it is now, locked: an edit cannot land between the check
        # and the submission.
        locked = Practice.objects.select_for_update().get(pk=practice.pk)
        if not workflow.may_act(actor, submit, locked):
            raise PermissionDenied
        if locked.review_state in submit.sources:
            missing = practice_missing(locked)
            if missing:
                raise IncompletePractice(missing)
        return workflow.perform(item=locked, action_name="submit", actor=actor)


def practice_withdraw(*, practice, actor):
    """Withdraw a draft, a submission or a returned item. The record is kept, never deleted."""
    return workflow.perform(item=practice, action_name="withdraw", actor=actor)


def _apply_fields(practice, fields):
    for name in EDITABLE_FIELDS:
        if name not in fields:
            continue
        value = fields[name]
        if name == "image":
            # From the form: an upload to store, False to remove the image, or the current
            # file (or None) to keep it.
            if value is False:
                practice.image = ""
            elif isinstance(value, UploadedFile):
                practice.image = value
            continue
        if value is None and name not in ("start_year", "end_year"):
            value = ""
        setattr(practice, name, value)


def _apply_relations(practice, fields, *, roundtables, links, attachments):
    for name in M2M_FIELDS:
        if name in fields:
            getattr(practice, name).set(fields[name] or [])
    if "keywords" in fields:
        practice.keywords.set(list(fields["keywords"] or []))
    if roundtables is not None:
        PracticeRoundtable.objects.filter(practice=practice).delete()
        PracticeRoundtable.objects.bulk_create(
            PracticeRoundtable(practice=practice, roundtable=roundtable, presentation=how)
            for roundtable, how in dict(roundtables).items()
        )
    if links is not None:
        practice.links.all().delete()
        PracticeLink.objects.bulk_create(
            PracticeLink(practice=practice, title=link["title"], url=link["url"], position=i)
            for i, link in enumerate(links)
        )
    if attachments is not None:
        _apply_attachments(practice, attachments)


def _apply_attachments(practice, attachments):
    """Each item: {"id": an existing attachment's id or None, "title", "upload": a
    CheckedUpload or None, "delete": bool}, in the order to show them."""
    existing = {a.pk: a for a in practice.attachments.all()}
    position = 0
    for item in attachments:
        attachment = existing.pop(item.get("id"), None) if item.get("id") else None
        upload = item.get("upload")
        if item.get("delete"):
            # Only the row goes: the stored file may be shared with a proposed update or the
            # published version, and the history keeps pointing at it.
            if attachment is not None:
                attachment.delete()
            continue
        if attachment is None:
            if upload is None:
                continue
            attachment = PracticeAttachment(practice=practice)
        attachment.title = item["title"]
        attachment.position = position
        if upload is not None:
            attachment.file = upload.file
            attachment.content_type = upload.content_type
            attachment.size = upload.size
        attachment.save()
        position += 1
    # Attachments the form did not mention (added by a colleague meanwhile cannot happen: the
    # version check refused that save) keep their place after the others.
    for attachment in existing.values():
        attachment.position = position
        attachment.save(update_fields=["position"])
        position += 1


# --- imports -------------------------------------------------------------------------------


def practice_publish_imported(*, practice, actor, source, change_reason="Published by an import"):
    """Publish a practice an import has just created, as staff chose on the import form.

    An import is a moderator's decision about a record another platform already published, so
    it skips submission but not the record of it: like `workflow.perform`, the state moves on
    the locked row (its publication hook marks it reviewed today), the save reaches the search
    index through the search signals, and a moderation log entry says who published it and
    where it came from. Only a draft is published: anything else is left as it is.
    """
    if not is_moderator(actor):
        raise PermissionDenied
    with transaction.atomic():
        locked = Practice.objects.select_for_update().get(pk=practice.pk)
        if locked.review_state != ReviewState.DRAFT:
            return locked
        now = timezone.now()
        locked.review_state = ReviewState.PUBLISHED
        fields = locked.on_review_transition(
            action=workflow.ACTIONS["publish"], actor=actor, now=now
        )
        locked.version += 1
        locked._history_user = actor
        locked._change_reason = change_reason
        locked.save(
            update_fields=list(dict.fromkeys(["review_state", *fields, "version", "updated_at"]))
        )
        workflow.log(
            item=locked,
            actor=actor,
            action=LogAction.PUBLISH,
            from_state=ReviewState.DRAFT,
            to_state=ReviewState.PUBLISHED,
            comment=_("Imported from %(source)s.") % {"source": source},
        )
    return locked
