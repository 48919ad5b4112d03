"""Who may manage which user accounts: the one rule behind every user-management path.

The issuance form (forms.py), Wagtail's user screens (edit, delete, history, usage),
its user bulk actions (assign role, set active state, delete), the group screens and
"end all sessions" (security.sessions) all ask this module, through the user model's
permission policy (`UserPermissionPolicy`, registered in wagtail_hooks.py).

An issuer manages a user when all of these hold:
- the issuer holds the model permission for the action (its role's group);
- the user is in the issuer's scope (the user model's Scope, see apps.py: a district
  admin the accounts of its own district's organizations, city-wide users everyone);
- the user's role is one the issuer may issue (roles.ISSUABLE_ROLES): a district admin
  manages providers and purchasers, never another district admin, a city admin or the
  monitoring centre; a city admin every role but its own (never another city admin);
  nobody but a superuser a user of its own role, whatever the table says;
- the user is not a superuser, unless the issuer is one (a city admin cannot reset the
  superuser's password and sign in as it);
- the user is not the issuer itself: one's own account is changed in the account
  settings (password, 2FA), never through the screens that change roles.

Superusers manage every account. Groups are not handed out directly: a role's group
follows from the account's role (and a district's notice group from its admin's
account, see notices.permissions), so only superusers, who own the group screens,
assign other groups.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.permission_policies.base import ModelPermissionPolicy

from .access import account_of
from .policies import RecordScopedPolicy
from .roles import GROUP_NAMES, ISSUABLE_ROLES, Role
from .scope import scoped

# What Wagtail's user screens call an action on a user, beyond viewing it.
MANAGING_ACTIONS = ("add", "change", "delete")


def issuable_roles(issuer) -> list[str]:
    if getattr(issuer, "is_superuser", False):
        return list(Role.values)
    own_role = getattr(account_of(issuer), "role", None)
    return [role for role in ISSUABLE_ROLES.get(own_role, []) if role != own_role]


def manageable_users(issuer, queryset=None):
    """The users `issuer` may edit, deactivate, delete or reset (the model permission aside)."""
    User = get_user_model()
    queryset = User._default_manager.all() if queryset is None else queryset
    if not getattr(issuer, "is_authenticated", False):
        return queryset.none()
    if issuer.is_superuser:
        return queryset
    roles = issuable_roles(issuer)
    if not roles:
        return queryset.none()
    return (
        scoped(issuer, queryset)
        .filter(account__role__in=roles, is_superuser=False)
        .exclude(pk=issuer.pk)
    )


def may_manage(issuer, user) -> bool:
    return manageable_users(issuer, get_user_model()._default_manager.filter(pk=user.pk)).exists()


def assignable_groups(issuer):
    """Groups `issuer` may add users to directly: superusers only, and never a role's group
    (it follows from the account's role, which needs what the account acts for)."""
    if not getattr(issuer, "is_superuser", False):
        return Group.objects.none()
    return Group.objects.exclude(name__in=GROUP_NAMES.values())


class UserPermissionPolicy(RecordScopedPolicy):
    """The user model's permission (add/change/delete/view_user) AND `manageable_users`."""

    def permits(self, user, instance):
        return may_manage(user, instance)

    def permitted(self, user, queryset):
        return manageable_users(user, queryset)


class SuperuserOnlyPolicy(ModelPermissionPolicy):
    """Group screens grant any permission to anyone: superusers only, whatever a group holds."""

    def user_has_permission(self, user, action):
        return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))

    def user_has_any_permission(self, user, actions):
        return self.user_has_permission(user, None)

    def users_with_any_permission(self, actions):
        return get_user_model()._default_manager.filter(is_active=True, is_superuser=True)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_permission(user, None)

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_permission(user, None):
            return self.model._default_manager.all()
        return self.model._default_manager.none()
