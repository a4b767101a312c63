"""Content whose every change is public: each save or delete moves the public generation.

A content app calls `watch_public_model(Model)` from its `AppConfig.ready()` for models that
appear on cached public pages (calls for action and meetings on the home page); the change
and the generation move in the same transaction. Core imports no content app.
"""

from django.db.models.signals import post_delete, post_save

from . import generation


def public_content_changed(sender, raw=False, **kwargs):
    if not raw:
        generation.bump()


def watch_public_model(model):
    label = model._meta.label
    post_save.connect(public_content_changed, sender=model, dispatch_uid=f"public-{label}")
    post_delete.connect(public_content_changed, sender=model, dispatch_uid=f"public-d-{label}")
