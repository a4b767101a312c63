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
    models.Country,
    models.Summit,
    models.Roundtable,
]

for model in REFERENCE_MODELS:
    watch_public_model(model)
