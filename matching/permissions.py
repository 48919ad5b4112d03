"""Who may do what with saved searches and follows: every signed-in admin user, with their own rows.

Any user who may use the admin (every role; superusers) saves searches and follows
listings and organizations; each sees, changes and deletes only its own, in every
view (index, edit, delete, history, usage): another user's row is simply not found.
No role holds a model permission on these models: the admin access is the permission.
"""

from accounts.policies import RecordScopedPolicy

ACTIONS = ("add", "change", "delete", "view")


def may_use_admin(user) -> bool:
    return bool(
        getattr(user, "is_active", False)
        and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))
    )


class OwnRowsPolicy(RecordScopedPolicy):
    def user_has_permission(self, user, action):
        return action in ACTIONS and may_use_admin(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)

    def permits(self, user, instance) -> bool:
        return instance.user_id == user.pk

    def permitted(self, user, queryset):
        return queryset.filter(user=user)
