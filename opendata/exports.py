"""Export of a board's or a search's results as CSV or XLSX, under the page's current filters.

/export/demand.csv?…, /export/supply.xlsx?…, /export/search.csv?q=…: the same parameters as
the page the link is on, at most OPENDATA_EXPORT_MAX_ROWS rows (the response says when it
was cut: header `X-Export-Capped`). Formulas are escaped and strings written as strings
(opendata.writers → security.spreadsheets). Public fields only: no contact details, for
anyone. One query for a board's rows, whatever their number.
"""

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from .fields import DEMAND_FIELDS, SEARCH_FIELDS, SUPPLY_FIELDS
from .results import BadInput, SearchUnavailable, board_results, search_results
from .writers import CONTENT_TYPES, render

FIELDS = {"demand": DEMAND_FIELDS, "supply": SUPPLY_FIELDS, "search": SEARCH_FIELDS}
FORMATS = ("csv", "xlsx")


def max_rows() -> int:
    return settings.OPENDATA_EXPORT_MAX_ROWS


@require_GET
def export(request, source: str, fmt: str):
    if source not in FIELDS or fmt not in FORMATS:
        raise Http404
    cap = max_rows()
    try:
        if source == "search":
            _query, records = search_results(request.GET, cap + 1)
        else:
            records = list(board_results(source, request.GET)[: cap + 1])
    except BadInput as bad:
        return bad.response()
    except SearchUnavailable as down:
        return JsonResponse(
            {"detail": str(down)}, status=503, json_dumps_params={"ensure_ascii": False}
        )
    capped = len(records) > cap
    records = records[:cap]
    response = HttpResponse(render(fmt, FIELDS[source], records), content_type=CONTENT_TYPES[fmt])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{source}-{stamp}.{fmt}"'
    response["X-Export-Rows"] = str(len(records))
    response["X-Export-Capped"] = "1" if capped else "0"
    return response
