from django.urls import path  # noqa: F401 - routes arrive with the workspace pages

app_name = "workspace"

urlpatterns = []
