"""Which records a user may see: one helper, `scope_for(user, model)`, for every app.

Each scoped model declares how its rows belong to what accounts act for, as a
`Scope` in a class attribute `scope` (or, for a model an app does not define,
such as the user model, with `register(model, scope)`). The helper turns the
declaration and the user's account into a Q:

- city-wide users (superusers, city admins, the monitoring centre) see every row
  when `city` is true (the default);
- a provider's (purchaser's) account sees the rows whose `provider`
  (`purchaser`) lookup is its organization; a district admin the rows whose
  `district` lookup is its district; an expert the rows whose `expert` lookup
  is the user itself;
- `own`: a lookup of the user itself, rows every signed-in user sees whatever
  its role (its own user record);
- `drafts`: rows only their owners (providers, purchasers) see; reviewers
  (city-wide users, district admins, experts) never do;
- anyone else, and any role the declaration leaves out, sees nothing.

A role's entry is a lookup (`"provider__district"`), several lookups any of
which may match, or a callable taking the account and returning a Q for rules
a lookup cannot say. This app imports no other app of the project: models
declare their scope here, not the other way round.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from .access import account_of, is_city_wide
from .roles import Role

NOTHING = Q(pk__in=[])

Rule = str | tuple[str, ...] | Callable[[Any], Q] | None

# Which entry of a Scope applies to a role, and the account value it is compared with.
ROLE_ENTRIES: dict[str, tuple[str, Callable[[Any], Any]]] = {
    Role.PROVIDER: ("provider", lambda account: account.provider_id),
    Role.PURCHASER: ("purchaser", lambda account: account.purchaser_id),
    Role.DISTRICT_ADMIN: ("district", lambda account: account.district_id),
    Role.EXPERT: ("expert", lambda account: account.user_id),
}
OWNER_ROLES = {Role.PROVIDER, Role.PURCHASER}


@dataclass(frozen=True)
class Scope:
    provider: Rule = None
    purchaser: Rule = None
    district: Rule = None
    expert: Rule = None
    city: bool = True
    own: str | None = None
    drafts: Q | None = None

    def q(self, user) -> Q:
        """The rows of the model `user` may see, as a filter."""
        if not getattr(user, "is_authenticated", False):
            return NOTHING
        if is_city_wide(user):
            if not self.city:
                return self._with_own(NOTHING, user)
            return ~self.drafts if self.drafts is not None else Q()
        account = account_of(user)
        found = NOTHING
        if account is not None and account.role in ROLE_ENTRIES:
            entry, value_of = ROLE_ENTRIES[account.role]
            rule = getattr(self, entry)
            if rule is not None:
                found = _rule_q(rule, account, value_of(account))
                if self.drafts is not None and account.role not in OWNER_ROLES:
                    found &= ~self.drafts
        return self._with_own(found, user)

    def _with_own(self, found: Q, user) -> Q:
        return found | Q(**{self.own: user.pk}) if self.own else found


def _rule_q(rule: Rule, account, value) -> Q:
    if callable(rule):
        return rule(account)
    if value is None:
        # An account without what its role acts for (Account.clean refuses it)
        # sees nothing, rather than the rows where the lookup is empty.
        return NOTHING
    lookups = (rule,) if isinstance(rule, str) else rule
    found = Q(**{lookups[0]: value})
    for lookup in lookups[1:]:
        found |= Q(**{lookup: value})
    return found


_registry: dict[type, Scope] = {}


def register(model: type, scope: Scope) -> None:
    """Declare the scope of a model whose class the app does not define (the user model)."""
    _registry[model] = scope


def scope_of(model: type) -> Scope:
    scope = _registry.get(model) or model.__dict__.get("scope")
    if not isinstance(scope, Scope):
        raise LookupError(f"{model.__name__} declares no accounts.scope.Scope")
    return scope


def scope_for(user, model: "type | Scope") -> Q:
    """The Q that limits `model` to what `user` may see (see the module docstring).

    `model` may also be a Scope itself, for a view of a model that is not its
    usual scope (e.g. statistics by district only).
    """
    scope = model if isinstance(model, Scope) else scope_of(model)
    return scope.q(user)


def scoped(user, queryset):
    """`queryset` limited to the records `user` may see."""
    return queryset.filter(scope_for(user, queryset.model))


def in_scope(user, instance) -> bool:
    model = type(instance)
    return scoped(user, model._default_manager.filter(pk=instance.pk)).exists()


def sees_any(user, model: type) -> bool:
    """Whether `user` may see any row of `model` at all (without a query)."""
    return scope_for(user, model) != NOTHING
