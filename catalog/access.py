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


def scope_filter(user, model):
    """The Q that limits `model` (catalog records) to what `user` may see in the admin.

    Provider accounts: their organization and its supply listings; purchaser
    accounts: their organization and its demand listings; district admins:
    what belongs to their district (a listing by its owner's district);
    city admins and the monitoring centre: everything. Anyone else: nothing.
    """
    from django.db.models import Q

    from .models import AnnualInspection, DemandListing, Provider, Purchaser, SupplyListing

    if is_city_wide(user):
        return Q()
    account = account_of(user)
    nothing = Q(pk__in=[])
    if account is None:
        return nothing
    if account.role == Role.DISTRICT_ADMIN:
        district = account.district_id
        return {
            Provider: Q(district_id=district),
            Purchaser: Q(district_id=district),
            SupplyListing: Q(provider__district_id=district),
            DemandListing: Q(purchaser__district_id=district),
            AnnualInspection: Q(provider__district_id=district),
        }.get(model, nothing)
    if account.role == Role.PROVIDER:
        return {
            Provider: Q(pk=account.provider_id),
            SupplyListing: Q(provider_id=account.provider_id),
        }.get(model, nothing)
    if account.role == Role.PURCHASER:
        return {
            Purchaser: Q(pk=account.purchaser_id),
            DemandListing: Q(purchaser_id=account.purchaser_id),
        }.get(model, nothing)
    return nothing


def scoped(user, queryset):
    """`queryset` limited to the records `user` may see in the admin (see scope_filter)."""
    return queryset.filter(scope_filter(user, queryset.model))


def in_scope(user, instance) -> bool:
    model = type(instance)
    return scoped(user, model._default_manager.filter(pk=instance.pk)).exists()


def can_see_private(user) -> bool:
    """Whether `user` sees listings' private contact details (联系人, 电话, 邮箱).

    Visitors never do; any signed-in user acting for a purchaser, a provider or
    an administration does. The public pages and the API both ask this.
    """
    return is_city_wide(user) or role_of(user) in PRIVATE_DETAIL_ROLES


PRIVATE_DETAIL_ROLES = {
    Role.PROVIDER,
    Role.PURCHASER,
    Role.DISTRICT_ADMIN,
    Role.CITY_ADMIN,
    Role.MONITOR,
}
