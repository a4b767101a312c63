"""What the browse-by pages (/sdgs/, /themes/, /gcm/, /summits/) show: reference data with the
number of published practices, counted here on the practices' side so that `pfp.taxonomy`
stays reference data only."""

from django.shortcuts import get_object_or_404

from pfp.taxonomy.models import GCMObjective, SDGGoal, SDGTarget, Summit, ThematicArea

from .models import Practice
from .search import counts as practice_counts

LATEST = 6


def _latest(**filters):
    return (
        Practice.objects.published()
        .filter(**filters)
        .distinct()
        .prefetch_related("lead_countries", "thematic_areas")[:LATEST]
    )


def _with_counts(objects, facet, key):
    counts = practice_counts.published_counts(facet)
    objects = list(objects)
    for obj in objects:
        obj.practice_count = counts.get(str(getattr(obj, key)), 0)
    return objects


def goal_list():
    return {"goals": _with_counts(SDGGoal.objects.all(), "goal", "number")}


def goal_page(*, number):
    goal = get_object_or_404(SDGGoal, number=number)
    goal.practice_count = practice_counts.published_counts("goal").get(str(number), 0)
    return {
        "goal": goal,
        "targets": _with_counts(goal.targets.all(), "target", "code"),
        "latest_practices": _latest(sdg_targets__goal=goal),
    }


def target_page(*, code):
    target = get_object_or_404(SDGTarget.objects.select_related("goal"), code=code)
    target.practice_count = practice_counts.published_counts("target").get(code, 0)
    return {"target": target, "goal": target.goal, "latest_practices": _latest(sdg_targets=target)}


def theme_list():
    return {"themes": _with_counts(ThematicArea.objects.all(), "theme", "slug")}


def theme_page(*, slug):
    theme = get_object_or_404(ThematicArea, slug=slug)
    theme.practice_count = practice_counts.published_counts("theme").get(slug, 0)
    return {"theme": theme, "latest_practices": _latest(thematic_areas=theme)}


def gcm_list():
    return {"objectives": _with_counts(GCMObjective.objects.all(), "gcm", "number")}


def gcm_page(*, number):
    objective = get_object_or_404(GCMObjective, number=number)
    objective.practice_count = practice_counts.published_counts("gcm").get(str(number), 0)
    return {"objective": objective, "latest_practices": _latest(gcm_objectives=objective)}


def _roundtable_rows(summits):
    """Each summit's roundtables, sessions after their roundtable, with practice counts."""
    counts = practice_counts.published_counts("roundtable")
    for summit in summits:
        for roundtable in summit.roundtables.all():
            roundtable.practice_count = counts.get(roundtable.identifier, 0)
    return summits


def summit_list():
    summits = _roundtable_rows(
        Summit.objects.select_related("chair_country").prefetch_related(
            "roundtables__themes", "roundtables__summit"
        )
    )
    themes = list(ThematicArea.objects.all())
    return {"summits": summits, "themes": themes, "matrix_rows": _matrix_rows(summits, themes)}


def _matrix_rows(summits, themes):
    """Roundtables × thematic areas ("Table 2" of the GFMD report), built from the data.

    A cell holds the number of published practices presented at the roundtable under the
    theme, and says whether staff recorded the theme as covered by the roundtable.
    """
    counts = practice_counts.roundtable_theme_matrix()
    rows = []
    for summit in summits:
        for roundtable in summit.roundtables.all():
            covered = {theme.pk for theme in roundtable.themes.all()}
            cells = [
                {
                    "theme": theme,
                    "count": counts.get((roundtable.identifier, theme.slug), 0),
                    "covered": theme.pk in covered,
                }
                for theme in themes
            ]
            if any(cell["count"] or cell["covered"] for cell in cells):
                rows.append({"roundtable": roundtable, "cells": cells})
    return rows


def summit_page(*, year):
    summit = get_object_or_404(
        Summit.objects.select_related("chair_country").prefetch_related(
            "roundtables__themes", "roundtables__summit"
        ),
        year=year,
    )
    _roundtable_rows([summit])
    summit.practice_count = practice_counts.published_counts("summit").get(str(year), 0)
    return {
        "summit": summit,
        "latest_practices": _latest(roundtables__summit=summit),
    }
