"""The base of a kind's column table: who may import it, the lookups loaded once per file,
how a batch is written and how an instance is exported."""

from django.db import transaction

from gxpt.roles import Role

from ...access import account_of, is_city_wide
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

    # Which owner ids (providers, purchasers, districts) the importing user may write for.
    def allowed(self) -> dict | None:
        if self.user is None or is_city_wide(self.user):
            return None
        account = account_of(self.user)
        if account is None:
            return {}
        return {
            "role": account.role,
            "provider": account.provider_id,
            "purchaser": account.purchaser_id,
            "district": account.district_id,
        }

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
