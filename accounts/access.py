"""Who a user is for the platform: its account, its role, whether it sees the whole city.

The building blocks of accounts.scope and of every app's own questions
("does this user act for this provider?").
"""

from .models import Account
from .roles import CITY_WIDE_ROLES, PRIVATE_DETAIL_ROLES


def account_of(user) -> Account | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.account
    except Account.DoesNotExist:
        return None


def role_of(user) -> str | None:
    account = account_of(user)
    return account.role if account else None


def is_city_wide(user) -> bool:
    """Superusers, city admins and the monitoring centre see everything city-wide."""
    if getattr(user, "is_superuser", False):
        return True
    return role_of(user) in CITY_WIDE_ROLES


def can_see_private(user) -> bool:
    """Whether `user` sees listings' private contact details (联系人, 电话, 邮箱).

    Visitors never do; any signed-in user acting for a purchaser, a provider or
    an administration does. The public pages and the API both ask this.
    """
    return is_city_wide(user) or role_of(user) in PRIVATE_DETAIL_ROLES
