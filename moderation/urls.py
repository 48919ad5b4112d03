"""Public URLs of monitoring: reports on records.

The message board (留言区) is a page, served by Wagtail (see wagtail_hooks.py).
"""

from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("report/<slug:kind>/<int:pk>/", views.report, name="report"),
]
