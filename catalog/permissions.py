"""Wagtail permission policies of the catalog: the model permission (from the role's group)
AND the record being in the user's scope (accounts.scope, from the model's `scope`).

Model permissions decide the menus and the actions a role has at all; the scope
decides on which records. Admin views, bulk actions and choosers all ask the
policy, so one rule covers them.
"""

from accounts.policies import RecordScopedPolicy
from accounts.scope import in_scope, scoped


class ScopedPermissionPolicy(RecordScopedPolicy):
    def permits(self, user, instance):
        return in_scope(user, instance)

    def permitted(self, user, queryset):
        return scoped(user, queryset)
