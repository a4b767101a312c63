"""Calls for action and meetings appear on cached public pages (the home page): any change to
them moves the page-cache generation, in the same transaction as the change."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from practices.search_index import record_public_change

PUBLIC_MODELS = [
    "calls_for_action.CallForAction",
    "meetings.Meeting",
    "meetings.AgendaItem",
    "meetings.MeetingDocument",
]


def public_content_changed(sender, raw=False, **kwargs):
    if not raw:
        record_public_change()


def connect():
    for label in PUBLIC_MODELS:
        model = apps.get_model(label)
        post_save.connect(public_content_changed, sender=model, dispatch_uid=f"public-{label}")
        post_delete.connect(public_content_changed, sender=model, dispatch_uid=f"public-d-{label}")
