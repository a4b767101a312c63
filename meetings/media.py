"""Who may see a meeting's documents: everyone once the meeting is published; before, the
staff who prepare it (see `pfp.core.media`)."""

from pfp.accounts.roles import is_moderator

from .models import MeetingDocument, meeting_document_path


def may_see_file(user, path):
    if not path.startswith(meeting_document_path.folder + "/"):
        return None
    document = MeetingDocument.objects.filter(file=path).select_related("meeting").first()
    if document is None:
        return False
    return document.meeting.published or is_moderator(user)
