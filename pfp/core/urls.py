"""The site's own pages. `core:home` is the portal's (portal/urls.py)."""

from django.urls import path

from . import health, views

app_name = "core"

urlpatterns = [
    path("about/", views.about, name="about"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("robots.txt", views.robots_txt, name="robots"),
]
