"""A long form as a task list (the GOV.UK pattern), whatever it is a form of.

The item (a practice, a call) is filled in one section at a time, each section a page saved on
its own. A section's status is computed from the item itself, never stored: "not started"
(nothing in it yet), "in progress" (something in it, but not yet what a submission needs from
it) or "completed". Each app says which fields its sections hold, what counts as an answer and
what a submission needs (`missing`: [(field, message)]); the templates `_task_list.html`,
`_task_status.html` and `_check_answers.html` show the result.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

NOT_STARTED, IN_PROGRESS, COMPLETED = "not_started", "in_progress", "completed"


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    fields: tuple  # the form's fields on this section's page
    formsets: tuple = ()  # the lists of rows on the page, if any
    hint: str = ""  # what it holds, on the task list


def section_status(section, *, started, missing):
    """NOT_STARTED, IN_PROGRESS or COMPLETED: `started` says whether the section holds any
    answer; `missing` is what a submission still needs, as [(field, message)]."""
    if not started:
        return NOT_STARTED
    if any(field in section.fields for field, _message in missing):
        return IN_PROGRESS
    return COMPLETED


def task_hint(section, missing):
    """What the task list says under a section: what it still needs, or what it holds."""
    needs = [message for field, message in missing if field in section.fields]
    if needs:
        return _("Needed to submit: %(items)s") % {"items": ", ".join(map(str, needs))}
    return section.hint


def completed_count(tasks):
    return sum(task["status"] == COMPLETED for task in tasks)
