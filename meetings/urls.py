from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("<slug:slug>/", views.meeting_detail, name="detail"),
    path("<slug:slug>/calendar.ics", views.meeting_calendar, name="calendar"),
    path("<slug:slug>/register/", views.meeting_register, name="register"),
    path("<slug:slug>/cancel/", views.meeting_cancel, name="cancel"),
]
