"""Wagtail's users app with our user screens (accounts/viewsets.py), in INSTALLED_APPS.

Its `ready()` registers the user and group permission policies (accounts.issuing)
in place of the plain model-permission ones Wagtail's users app registers there.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "accounts.viewsets.UserViewSet"

    def ready(self):
        super().ready()
        # Imported in ready(): these modules import models, which exist once the registry is ready.
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from wagtail.permissions import register_permission_policy

        from .issuing import SuperuserOnlyPolicy, UserPermissionPolicy

        User = get_user_model()
        register_permission_policy(User, UserPermissionPolicy(User))
        register_permission_policy(Group, SuperuserOnlyPolicy(Group))
