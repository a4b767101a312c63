"""What the home page shows."""

from django.db.models import Count, Q

from pfp.taxonomy.models import SDGGoal, ThematicArea
from practices.models import Practice


def home_page():
    published = Practice.objects.published()
    published_filter = Q(practices__review_state="published")
    return {
        "practice_count": published.count(),
        "country_count": published.filter(lead_countries__isnull=False)
        .values("lead_countries")
        .distinct()
        .count(),
        "target_count": published.values("sdg_targets").distinct().count(),
        "latest_practices": published.prefetch_related("lead_countries", "thematic_areas")[:6],
        "goals": SDGGoal.objects.annotate(
            practice_count=Count(
                "targets__practices",
                filter=Q(targets__practices__review_state="published"),
                distinct=True,
            )
        ),
        "themes": ThematicArea.objects.annotate(
            practice_count=Count("practices", filter=published_filter, distinct=True)
        ),
    }
