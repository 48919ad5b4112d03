"""Who may do what with saved searches and follows: every signed-in admin user, with their own rows.

Any user who may use the admin (every role; superusers) saves searches and follows
listings and organizations; each sees, changes and deletes only its own, in every
view (index, edit, delete, history, usage): another user's row is simply not found.
"""

from wagtail.permission_policies.base import ModelPermissionPolicy

ACTIONS = ("add", "change", "delete", "view")


def may_use_admin(user) -> bool:
    return bool(
        getattr(user, "is_active", False)
        and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))
    )


class OwnRowsPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action in ACTIONS and may_use_admin(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return instance.pk is None or instance.user_id == user.pk

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.model._default_manager.filter(user=user)
