"""The base of a kind's column table: who may import it, the lookups loaded once per file,
how a batch is written and how an instance is exported."""

from django.db import transaction

from accounts.access import account_of, is_city_wide
from accounts.roles import Role
from accounts.scope import Scope, scope_for

from ...models import District
from ...signals import listings_imported
from ..cells import Column
from ..report import ImportReport

BATCH_SIZE = 1000


class Spec:
    kind = ""
    label = ""
    model = None
    columns: list[Column] = []

    def __init__(self, user=None):
        self.user = user
        self.lookups: dict[str, dict] = {}
        self.seen: set = set()
        self._in_scope: dict = {}

    def restricted(self) -> bool:
        """Whether the importing user writes only for what its account acts for.

        Not the command line (no user) and not city-wide users: they write for anyone.
        """
        return not (self.user is None or is_city_wide(self.user))

    def ids_in_scope(self, model, scope: Scope | None = None) -> set | None:
        """Ids of `model` rows (owners, districts) the importing user may write for, by the
        model's accounts.scope (or `scope`), read once per file; None: any."""
        if not self.restricted():
            return None
        if model not in self._in_scope:
            rows = model._default_manager.filter(scope_for(self.user, scope or model))
            self._in_scope[model] = set(rows.values_list("pk", flat=True))
        return self._in_scope[model]

    def own_id(self, field: str):
        """The id of what the importing user's account acts for (its provider, purchaser)."""
        return getattr(account_of(self.user), f"{field}_id", None)

    @classmethod
    def user_may_import(cls, user) -> bool:
        if user is None or user.is_superuser:
            return True
        return getattr(account_of(user), "role", None) in cls.importing_roles

    importing_roles: set = {Role.CITY_ADMIN, Role.DISTRICT_ADMIN}

    def load_lookups(self) -> None:
        districts = {}
        for district in District.objects.all():
            for key in (district.name, district.short_name, district.code):
                districts[key] = district
        self.lookups["district"] = districts

    def build(self, values: dict, row: int, report: ImportReport):
        raise NotImplementedError

    def write(self, instances: list) -> None:
        self.model.objects.bulk_create(instances, batch_size=BATCH_SIZE)
        pks = [instance.pk for instance in instances]
        model = self.model
        # bulk_create sends no post_save: tell the search index and monitoring, after commit.
        transaction.on_commit(lambda: listings_imported.send(sender=model, pks=pks))

    def export_queryset(self, queryset):
        return queryset

    def export_row(self, instance) -> list:
        return [column.fmt(self.export_value(instance, column)) for column in self.columns]

    def export_value(self, instance, column):
        return getattr(instance, column.name)
