"""Who may see a practice's image and attachments: everyone once it is published; before,
its government's focal points and the moderators (see `pfp.core.media`)."""

from pfp.accounts.roles import government_of, is_moderator
from pfp.moderation.models import ReviewState

from .models import Practice, PracticeAttachment, practice_attachment_path, practice_image_path


def practice_owning(path):
    if path.startswith(practice_image_path.folder + "/"):
        return Practice.objects.filter(image=path).first()
    if path.startswith(practice_attachment_path.folder + "/"):
        attachment = PracticeAttachment.objects.filter(file=path).select_related("practice").first()
        return attachment.practice if attachment else None
    return None


def may_see_file(user, path):
    if not path.startswith("practices/"):
        return None
    practice = practice_owning(path)
    if practice is None:
        return False
    if practice.review_state == ReviewState.PUBLISHED:
        return True
    government = government_of(user)
    return is_moderator(user) or (
        government is not None and government.pk == practice.government_id
    )
