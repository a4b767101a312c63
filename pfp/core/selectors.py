"""What the home page shows, counted on the facet index."""

from calls_for_action.selectors import open_calls_closing_soonest
from meetings.selectors import next_meeting
from pfp.taxonomy.models import SDGGoal, ThematicArea
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
        "open_calls": open_calls_closing_soonest(limit=3),
        "next_meeting": next_meeting(),
    }
