"""Small factories, of two kinds.

- `make_practice()` writes a practice row directly, in the review state asked for, with its
  relations and its facet-index entry. It is fast, for the many tests that *read* practices
  (lists, search, facets, exports, feeds). It does not go through the write paths: it leaves
  no moderation log and moves no version.
- `reviewed_to()` takes an item that a focal point created through the services (for
  example `tests.practices.workspace_cast.draft()` or `tests.calls_for_action.cast.draft_call()`)
  to a review state through the workflow's own actions, as people would: every step checked
  and logged. Tests of the workflow, the workspace and the admin build their items this way.
"""

import itertools

from django.utils import timezone

from pfp.core.slugs import unique_slug
from pfp.moderation import workflow
from pfp.moderation.models import ReviewState
from pfp.taxonomy.models import (
    Country,
    GCMObjective,
    PartnerType,
    Roundtable,
    SDGTarget,
    ThematicArea,
)
from practices.models import Practice, PracticeRoundtable
from practices.search.changes import practices_changed

_counter = itertools.count(1)


def make_practice(
    *,
    title=None,
    summary="A practice on migration and development.",
    state=ReviewState.PUBLISHED,
    themes=("remittances",),
    targets=("10.c",),
    gcm=(),
    countries=(),
    other_countries=(),
    partner_types=(),
    roundtables=(),
    published_at=None,
    **fields,
):
    title = title or f"Practice {next(_counter)}"
    practice = Practice.objects.create(
        title=title,
        slug=unique_slug(Practice, title),
        summary=summary,
        review_state=state,
        published_at=published_at or (timezone.now() if state == ReviewState.PUBLISHED else None),
        **fields,
    )
    practice.thematic_areas.set(ThematicArea.objects.filter(slug__in=themes))
    practice.sdg_targets.set(SDGTarget.objects.filter(code__in=targets))
    practice.gcm_objectives.set(GCMObjective.objects.filter(number__in=gcm))
    practice.lead_countries.set(Country.objects.filter(code__in=countries))
    practice.other_countries.set(Country.objects.filter(code__in=other_countries))
    practice.partner_types.set(PartnerType.objects.filter(slug__in=partner_types))
    for identifier in roundtables:
        PracticeRoundtable.objects.create(
            practice=practice, roundtable=Roundtable.objects.get(identifier=identifier)
        )
    practices_changed([practice.pk])
    return practice


# The actions that take a new draft to each state, as the workflow allows them.
PATHS = {
    ReviewState.DRAFT: [],
    ReviewState.SUBMITTED: ["submit"],
    ReviewState.RETURNED: ["submit", "return"],
    ReviewState.PUBLISHED: ["submit", "publish"],
    ReviewState.UNPUBLISHED: ["submit", "publish", "unpublish"],
    ReviewState.REJECTED: ["submit", "reject"],
    ReviewState.WITHDRAWN: ["withdraw"],
}


def reviewed_to(item, state, *, owner, moderator):
    """The draft `item`, taken to `state` by `owner` and `moderator` through the workflow."""
    for name in PATHS[state]:
        action = workflow.ACTIONS[name]
        actor = owner if action.by == workflow.OWNER else moderator
        comment = "Please say more." if action.needs_comment else ""
        item = workflow.perform(item=item, action_name=name, actor=actor, comment=comment)
    assert item.review_state == state
    return item
