"""/my/calls/: the workspace pages of calls for action and offers."""

from django.urls import path

from . import workspace

app_name = "calls_workspace"

urlpatterns = [
    path("", workspace.call_list, name="list"),
    path("new/", workspace.call_new, name="new"),
    path("<int:pk>/", workspace.call_edit, name="edit"),
    path("<int:pk>/section/<slug:section>/", workspace.call_section, name="section"),
    path("<int:pk>/check/", workspace.call_check, name="check"),
    path("<int:pk>/submit/", workspace.call_submit, name="submit"),
    path("<int:pk>/submitted/", workspace.call_submitted, name="submitted"),
    path("<int:pk>/withdraw/", workspace.call_withdraw, name="withdraw"),
    path("<int:pk>/fulfil/", workspace.call_fulfil, name="fulfil"),
    path("<int:pk>/offers/", workspace.call_offers, name="offers"),
    path("digest/", workspace.digest_preference, name="digest"),
    path("offers/", workspace.my_offers, name="my_offers"),
    path("<int:pk>/preview/", workspace.call_preview, name="preview"),
    path(
        "offers/<int:pk>/accept/",
        workspace.offer_answer,
        {"decision": "accept"},
        name="offer_accept",
    ),
    path(
        "offers/<int:pk>/decline/",
        workspace.offer_answer,
        {"decision": "decline"},
        name="offer_decline",
    ),
    path("offers/<int:pk>/withdraw/", workspace.offer_withdraw, name="offer_withdraw"),
]
