from django.urls import path  # noqa: F401 - routes arrive with the accounts pages

app_name = "accounts"

urlpatterns = []
