"""Matching's public URL: the e-mails' one-click unsubscribe (no login)."""

from django.urls import path

from .views import UnsubscribeView

urlpatterns = [
    path("alerts/unsubscribe/<str:token>/", UnsubscribeView.as_view(), name="matching_unsubscribe"),
]
