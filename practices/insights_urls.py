"""/insights/: the map and charts of the practices (practices/insights.py)."""

from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("", views.insights, name="insights"),
]
