"""Statistics for decision makers (`001` arts. 2, 5(6), 6(4)): listings, amounts and directory entries
by domain, district and year, and open flags by rule.

Every dataset is one aggregate query. Charts are server-rendered inline SVG
(no JavaScript build), each with its table and an .xlsx download of its data.
A district admin sees its own district's figures; city-wide roles see the city.
The public statistics page (opendata, /statistics/) shows `public_datasets()`: the same
queries (`listing_figures`, `directory_figures`) over what visitors may see.
"""

import io
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from accounts.scope import Scope, scope_for
from catalog.models import DemandListing, District, ServiceDomain, SupplyListing
from catalog.models.listings import DemandStatus
from nominations.models import DirectoryEntry
from security.spreadsheets import append_row

from .models import Flag, FlagStatus
from .rules import rule_label

UNKNOWN = "—"


@dataclass
class Dataset:
    name: str
    title: str
    columns: list
    rows: list = field(default_factory=list)  # first column: label; then numbers
    chart_columns: tuple = (1,)  # the numbers a bar adds up
    chart_label: str = ""

    def bars(self, width=420):
        values = [sum(row[i] or 0 for i in self.chart_columns) for row in self.rows]
        top = max(values, default=0) or 1
        return [
            {"label": row[0], "value": value, "width": round(width * value / top, 1), "y": i * 26}
            for i, (row, value) in enumerate(zip(self.rows, values, strict=True))
        ]

    @property
    def height(self):
        return max(26, len(self.rows) * 26)


# Figures are the city's for city-wide users, their district's for district
# admins, and nobody else's (not even an organization's own).
DEMAND_FIGURES = Scope(district="purchaser__district")
SUPPLY_FIGURES = Scope(district="provider__district")  # also directory entries
FLAG_FIGURES = Scope(district="district")


def _merge(demand, supply, key_order=None):
    """Rows of (label, demand count, demand budget, supply count, supply amount)."""
    table = {}
    for row in demand:
        table.setdefault(row["label"] or UNKNOWN, [0, 0, 0, 0])[0:2] = [
            row["n"],
            row["amount"] or 0,
        ]
    for row in supply:
        table.setdefault(row["label"] or UNKNOWN, [0, 0, 0, 0])[2:4] = [
            row["n"],
            row["amount"] or 0,
        ]
    labels = key_order(table) if key_order else sorted(table, key=str)
    return [[label, *table[label]] for label in labels]


LISTING_COLUMNS = [
    _("分组"),
    _("需求项目数"),
    # A yearly plan's item (拟购买) is counted, but its estimate is not a budget yet.
    _("预算金额（元，不含拟购买）"),
    _("服务项目数"),
    _("服务项目金额（元）"),
]


def _domain_order(labels):
    codes = dict(ServiceDomain.objects.first_level().values_list("name", "major"))
    return sorted(labels, key=lambda label: (codes.get(label, 99), str(label)))


def _district_order(labels):
    codes = dict(District.objects.values_list("name", "code"))  # one query, not one per label
    return sorted(labels, key=lambda label: (codes.get(label, "999999"), str(label)))


ORDER = {
    "domain": _domain_order,
    "district": _district_order,
    "year": lambda labels: sorted(labels, key=str, reverse=True),
}


def listing_datasets(user) -> list[Dataset]:
    demand = DemandListing.objects.filter(scope_for(user, DEMAND_FIGURES), live=True)
    supply = SupplyListing.objects.filter(scope_for(user, SUPPLY_FIGURES), live=True)
    return listing_figures(demand, supply)


def listing_figures(demand, supply) -> list[Dataset]:
    """Counts and amounts of the given demand and supply listings by domain, district and year."""
    groupings = {
        "domain": (
            _("按业务领域"),
            Coalesce("domain__parent__name", "domain__name"),
            Coalesce("domain__parent__name", "domain__name"),
        ),
        "district": (
            _("按区"),
            Coalesce("purchaser__district__name", "district__name", Value(UNKNOWN)),
            Coalesce("provider__district__name", Value(UNKNOWN)),
        ),
        "year": (_("按年度"), F("year"), F("year")),
    }
    datasets = []
    for name, (title, demand_key, supply_key) in groupings.items():
        demand_rows = demand.values(label=demand_key).annotate(
            n=Count("id"), amount=Sum("budget", filter=~Q(status=DemandStatus.PLANNED))
        )
        supply_rows = supply.values(label=supply_key).annotate(
            n=Count("id"), amount=Sum("total_amount")
        )
        rows = _merge(demand_rows.order_by(), supply_rows.order_by(), ORDER[name])
        datasets.append(
            Dataset(
                f"listings_{name}",
                _("供需项目%s") % title,
                LISTING_COLUMNS,
                rows,
                chart_columns=(1, 3),
                chart_label=_("图示：需求项目数＋服务项目数"),
            )
        )
    return datasets


def directory_datasets(user) -> list[Dataset]:
    """Entries of the published recommended directories."""
    return directory_figures(DirectoryEntry.objects.filter(scope_for(user, SUPPLY_FIGURES)))


def directory_figures(entries) -> list[Dataset]:
    """Counts of the given directory entries by domain, district and year."""
    result = []
    for name, title, key in (
        ("domain", _("按业务领域"), F("first_domain")),
        ("district", _("按区"), Coalesce("provider__district__name", Value(UNKNOWN))),
        ("year", _("按年度"), F("page__year")),
    ):
        rows = entries.values(label=key).annotate(n=Count("id")).order_by("label")
        result.append(
            Dataset(
                f"directory_{name}",
                _("推荐目录条目%s") % title,
                [_("分组"), _("条目数")],
                [[row["label"] or UNKNOWN, row["n"]] for row in rows],
            )
        )
    return result


def flag_dataset(user) -> Dataset:
    flags = Flag.objects.filter(scope_for(user, FLAG_FIGURES), status=FlagStatus.OPEN)
    rows = flags.values("rule").annotate(n=Count("id")).order_by("-n", "rule")
    return Dataset(
        "flags_rule",
        _("待处理监测标记（按规则）"),
        [_("规则"), _("数量")],
        [[rule_label(row["rule"]), row["n"]] for row in rows],
    )


def all_datasets(user) -> list[Dataset]:
    return [*listing_datasets(user), *directory_datasets(user), flag_dataset(user)]


def public_datasets() -> list[Dataset]:
    """The figures anyone may see: public listings (not hidden by monitoring), live directories."""
    return [
        *listing_figures(DemandListing.objects.public(), SupplyListing.objects.public()),
        *directory_figures(DirectoryEntry.objects.filter(page__live=True)),
    ]


def xlsx(dataset: Dataset) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = dataset.name[:31]
    sheet.append([str(dataset.title)])
    sheet.append([str(c) for c in dataset.columns])
    for row in dataset.rows:
        append_row(sheet, [float(v) if hasattr(v, "as_tuple") else v for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
