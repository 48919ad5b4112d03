"""The public statistics page (/statistics/, 公开统计): counts and amounts by domain, district and year.

The figures are moderation.statistics' own queries (`public_datasets`: the admin dashboard's
`listing_figures` and `directory_figures` over the public records), so the public page and the
dashboard cannot disagree. Visitors' copies are cached by gxpt.pagecache like every public page.
Bars are <meter> elements (no inline styles under the public site's CSP); each chart has its table.
"""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from catalog.money import yuan
from moderation.statistics import public_datasets


def _bars(dataset) -> list[dict]:
    values = [sum(row[i] or 0 for i in dataset.chart_columns) for row in dataset.rows]
    top = max(values, default=0) or 1
    return [
        {"label": row[0], "value": value, "max": top}
        for row, value in zip(dataset.rows, values, strict=True)
    ]


def _display_rows(dataset) -> list[list]:
    """Amounts (the columns in 元) as ¥150,000, counts as they are."""
    amounts = [i for i, column in enumerate(dataset.columns) if "元" in str(column)]
    return [[yuan(v) if i in amounts else v for i, v in enumerate(row)] for row in dataset.rows]


@require_GET
def statistics_page(request):
    datasets = [
        {"dataset": d, "bars": _bars(d), "rows": _display_rows(d)} for d in public_datasets()
    ]
    return render(request, "opendata/statistics.html", {"datasets": datasets})
