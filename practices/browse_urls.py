"""/sdgs/, /themes/, /gcm/, /summits/: the browse-by pages (practices/browse_views.py)."""

from django.urls import path

from . import browse_views as views

app_name = "taxonomy"

urlpatterns = [
    path("sdgs/", views.goal_list, name="goals"),
    path("sdgs/<int:number>/", views.goal_detail, name="goal"),
    path("sdgs/targets/<str:code>/", views.target_detail, name="target"),
    path("themes/", views.theme_list, name="themes"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme"),
    path("gcm/", views.gcm_list, name="gcms"),
    path("gcm/<int:number>/", views.gcm_detail, name="gcm"),
    path("summits/", views.summit_list, name="summits"),
    path("summits/<int:year>/", views.summit_detail, name="summit"),
]
