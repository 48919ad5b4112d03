"""Wagtail's users app with our user screens (accounts/viewsets.py), in INSTALLED_APPS."""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "accounts.viewsets.UserViewSet"
