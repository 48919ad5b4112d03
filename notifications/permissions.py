"""Who may do what with notifications: read one's own, nothing else.

A user with the role permission `notifications.view_notification` (every role,
see accounts.roles; superusers) has an inbox; the rows are only the user's own,
in every view of the inbox (index, inspect, open, mark read, the bulk action).
Nobody adds, edits or deletes a notification in the admin: apps send them with
`notifications.delivery.notify`.
"""

from django.contrib.auth import get_user_model
from wagtail.permission_policies.base import ModelPermissionPolicy

READ = "view"


class InboxPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action == READ and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return READ in actions and self.user_has_permission(user, READ)

    def users_with_any_permission(self, actions):
        if READ not in actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission([READ])

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and instance.recipient_id == user.pk

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return READ in actions and self.user_has_permission_for_instance(user, READ, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.model._default_manager.filter(recipient=user)
