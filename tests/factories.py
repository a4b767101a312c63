"""Small factories: practices made the way the write paths make them."""

import itertools

from django.utils import timezone

from pfp.moderation.models import ReviewState
from pfp.taxonomy.models import (
    Country,
    GCMObjective,
    PartnerType,
    Roundtable,
    SDGTarget,
    ThematicArea,
)
from practices.models import Practice, PracticeRoundtable, unique_slug
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
