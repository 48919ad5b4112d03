"""Wagtail's bulk actions, limited to the records in the user's scope.

The user bulk actions act only on the users the issuer manages (issuing.py); the
snippet bulk delete only on the snippets the model's permission policy lets the user
see (scoped_views.ScopedBulkActionMixin).

Registered in wagtail_hooks.py after Wagtail's own (same action types), so these
replace them: the same URLs (/admin/bulk/auth/user/<action>/) and templates, but a
user outside the issuer's scope is not found, one it sees but may not change is
listed as without access, and the group choice of "assign role" is the groups the
issuer may hand out directly (none but a superuser's: a role follows from the
account, see issuing.assignable_groups).
"""

from wagtail.snippets.bulk_actions.delete import DeleteBulkAction as SnippetDeleteBulkAction
from wagtail.users.utils import user_can_delete_user
from wagtail.users.views import bulk_actions as wagtail_actions

from .issuing import assignable_groups
from .scoped_views import ScopedBulkActionMixin, policy_of


class UserScopeMixin(ScopedBulkActionMixin):
    permission_action = "change"

    def check_perm(self, obj):
        return policy_of(self.model).user_has_permission_for_instance(
            self.request.user, self.permission_action, obj
        )


class AssignRoleBulkAction(UserScopeMixin, wagtail_actions.AssignRoleBulkAction):
    def check_perm(self, obj):
        return super().check_perm(obj) and assignable_groups(self.request.user).exists()

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["role"].queryset = assignable_groups(self.request.user)
        return form


class SetActiveStateBulkAction(UserScopeMixin, wagtail_actions.SetActiveStateBulkAction):
    pass


class DeleteBulkAction(UserScopeMixin, wagtail_actions.DeleteBulkAction):
    permission_action = "delete"

    def check_perm(self, obj):
        return super().check_perm(obj) and user_can_delete_user(self.request.user, obj)


class ScopedSnippetDeleteBulkAction(ScopedBulkActionMixin, SnippetDeleteBulkAction):
    pass


BULK_ACTIONS = [
    AssignRoleBulkAction,
    SetActiveStateBulkAction,
    DeleteBulkAction,
    ScopedSnippetDeleteBulkAction,
]
