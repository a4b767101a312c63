"""/my/practices/: a focal point's practices (practices/workspace.py). The namespace's home,
/my/, is the portal's (portal/urls.py)."""

from django.urls import path

from . import workspace

app_name = "workspace"

urlpatterns = [
    path("practices/new/", workspace.practice_new, name="practice_new"),
    path("practices/<int:pk>/", workspace.practice_edit, name="practice_edit"),
    path("practices/<int:pk>/preview/", workspace.practice_preview, name="practice_preview"),
    path("practices/<int:pk>/check/", workspace.practice_check, name="practice_check"),
    path("practices/<int:pk>/submit/", workspace.practice_submit, name="practice_submit"),
    path("practices/<int:pk>/submitted/", workspace.practice_submitted, name="practice_submitted"),
    path("practices/<int:pk>/withdraw/", workspace.practice_withdraw, name="practice_withdraw"),
    path(
        "practices/<int:pk>/section/<slug:section>/",
        workspace.practice_section,
        name="practice_section",
    ),
    path(
        "practices/<int:pk>/propose-update/",
        workspace.practice_propose_update,
        name="practice_propose_update",
    ),
]
