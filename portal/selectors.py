"""Reads that combine several apps: the home page, what other apps add to the practice and call
pages, and the /my/ home.

The practice page is practices' own view (`practices.views.practice_detail`); the portal hands
it `practice_page_additions` through its URL pattern (portal/urls.py), so practices never
imports calls or meetings. Reverse relations (`practice.calls_for_action`) would have done the
same without an import, but would have moved the knowledge of what an open call or a published
meeting is into the practices' templates and selectors: composing here keeps each app's rules
in its own selectors, and keeps the dependency visible to `tests/test_layers.py`.
"""

from calls_for_action import selectors as call_selectors
from meetings import selectors as meeting_selectors
from pfp.accounts.roles import government_of, is_moderator, organization_of
from pfp.taxonomy.models import SDGGoal, ThematicArea
from practices import selectors as practice_selectors
from practices.models import Practice
from practices.search.index import current_index

LATEST = 6


def home_page():
    index = current_index()
    everything = index.alive
    goal_counts = index.counts("goal", everything)
    theme_counts = index.counts("theme", everything)
    goals = list(SDGGoal.objects.all())
    for goal in goals:
        goal.practice_count = goal_counts.get(str(goal.number), 0)
    themes = list(ThematicArea.objects.all())
    for theme in themes:
        theme.practice_count = theme_counts.get(theme.slug, 0)
    latest_ids = [int(i) for i in index.ordered_ids(everything, index.newest_order)[:LATEST]]
    latest = {
        p.id: p
        for p in Practice.objects.filter(id__in=latest_ids).prefetch_related(
            "lead_countries", "thematic_areas"
        )
    }
    return {
        "practice_count": index.count(everything),
        "country_count": sum(1 for n in index.counts("country", everything).values() if n),
        "target_count": sum(1 for n in index.counts("target", everything).values() if n),
        "goals": goals,
        "themes": themes,
        "latest_practices": [latest[i] for i in latest_ids if i in latest],
        "open_calls": call_selectors.open_calls_closing_soonest(limit=3),
        "next_meeting": meeting_selectors.next_meeting(),
    }


def practice_page_additions(practice):
    """What the practice page shows of other apps: open calls naming it, meetings presenting it."""
    return {
        "open_calls": call_selectors.open_calls_for_practice(practice),
        "meetings": list(meeting_selectors.meetings_for_practice(practice)),
    }


def call_page_additions(call):
    """What the call page shows of other apps: the meetings that presented the call."""
    return {"meetings": list(meeting_selectors.meetings_for_call(call))}


def workspace_home(*, user):
    """/my/: the user's government's practices and calls, the organization's offers, the
    meetings they registered for, and a moderator's way to the review queue."""
    government = government_of(user)
    membership = getattr(user, "membership", None)
    # Acting for the organization (its offers) needs a confirmed membership; the organization
    # itself is shown while the membership awaits confirmation.
    acting_for = organization_of(user)
    context = {
        "government": government,
        "organization": membership.organization if membership else None,
        "membership": membership,
        "is_moderator": is_moderator(user),
        "groups": [],
        "my_meetings": meeting_selectors.my_meetings(user=user),
    }
    if government is not None:
        context["groups"] = practice_selectors.workspace_practices(government=government)
        context["has_practices"] = any(group["practices"] for group in context["groups"])
        context["calls"] = call_selectors.workspace_calls(government=government)
    if acting_for is not None:
        context["acting_for"] = acting_for
        context["my_offers"] = call_selectors.offers_of_organization(organization=acting_for)
    if context["is_moderator"]:
        context["awaiting_review"] = practice_selectors.awaiting_review_count()
    return context
