"""Public URLs of monitoring: reports on records and the message board (留言区)."""

from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("messages/", views.message_board, name="message_board"),
    path("report/<slug:kind>/<int:pk>/", views.report, name="report"),
]
