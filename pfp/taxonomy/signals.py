"""Reference data is public: a change to it (a renamed theme, a new country) moves the public
generation, so that cached pages show it. The apps that index reference data (the practices'
facet index) connect their own receivers to `REFERENCE_MODELS`."""

from pfp.core.signals import watch_public_model

from . import models

REFERENCE_MODELS = [
    models.SDGGoal,
    models.SDGTarget,
    models.GCMObjective,
    models.ThematicArea,
    models.PartnerType,
    models.Region,
    models.Country,
    models.Summit,
    models.Roundtable,
]

for model in REFERENCE_MODELS:
    watch_public_model(model)

# Search variants change what a search finds, so cached pages go stale and every process reads
# the table again (`variants.equivalents()` is keyed on the generation). Not a reference model
# for the facet index: no practice's facets depend on them.
watch_public_model(models.SearchVariant)

from . import variants  # noqa: E402, F401 - connects its per-request receivers
