"""Wagtail's users app with our user screens (accounts linked to what they act for)."""

from wagtail.users.apps import WagtailUsersAppConfig


class GxptUsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "catalog.users.UserViewSet"
