"""Who may see and touch which catalog records: one place for the scoping rules."""

from gxpt.roles import Role

from .models import Account


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
    return role_of(user) in {Role.CITY_ADMIN, Role.MONITOR}
