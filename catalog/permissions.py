"""Wagtail permission policies of the catalog: the model permission (from the role's group)
AND the record being in the user's scope (accounts.scope, from the model's `scope`).

Model permissions decide the menus and the actions a role has at all; the scope
decides on which records. Admin views, bulk actions and choosers all ask the
policy, so one rule covers them.
"""

from wagtail.permission_policies.base import ModelPermissionPolicy

from accounts.scope import in_scope, scoped


class ScopedPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not self.user_has_any_permission(user, actions):
            return False
        if instance.pk is None:
            return True
        return in_scope(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return scoped(user, self.model._default_manager.all())
