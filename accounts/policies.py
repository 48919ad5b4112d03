"""The base of every record-scoped Wagtail permission policy: the model permission AND a predicate.

The model permission (from the role's group, accounts.roles) decides the menus and the
actions a role has at all; the subclass's two methods decide which records: `permits`
for one record, `permitted` for a queryset, and they must agree. Catalog records use
their scope (catalog.permissions), user accounts the issuance rule (accounts.issuing).
"""

from wagtail.permission_policies.base import ModelPermissionPolicy


class RecordScopedPolicy(ModelPermissionPolicy):
    def permits(self, user, instance) -> bool:
        raise NotImplementedError

    def permitted(self, user, queryset):
        raise NotImplementedError

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not self.user_has_any_permission(user, actions):
            return False
        if instance.pk is None:
            return True
        return self.permits(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.permitted(user, self.model._default_manager.all())
