"""Search analytics for the service centre: what people search for, what finds nothing,
and which result they open.

Anonymous by construction: counters per normalized query and month (and per
result for clicks); no visitor, address, session, user or time of day is
stored anywhere. A click is counted by `/search/go/`, which redirects to the
result's own public URL, looked up from the index key on the server (the
request names no target, so the endpoint cannot send anyone off-site), and
only for a query that was really run this month.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from . import registry
from .models import ClickStat, SearchStat
from .query import phrase_of

MAX_QUERY = 100


def query_key(q: str) -> str:
    return phrase_of(q)[:MAX_QUERY]


def this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def _bump(model, lookup: dict, **increments) -> None:
    """Add to a counter row, creating it if needed (safe under concurrent first writes)."""
    changes = {name: F(name) + n for name, n in increments.items()}
    if model.objects.filter(**lookup).update(**changes):
        return
    try:
        with transaction.atomic():
            model.objects.create(**lookup, **increments)
    except IntegrityError:  # created meanwhile by another request
        model.objects.filter(**lookup).update(**changes)


def record_search(q: str, total: int) -> None:
    query = query_key(q)
    if not query:
        return
    _bump(
        SearchStat,
        {"query": query, "month": this_month()},
        searches=1,
        zero_results=1 if total == 0 else 0,
    )


def click_target(key: str, host: str) -> tuple[str, str] | None:
    """(url, title) of a public document on this site, or None."""
    doc_type, pk = registry.parse_key(key or "")
    if doc_type is None or not pk.isdigit():
        return None
    instance = doc_type.public().filter(pk=pk).first()
    if instance is None:
        return None
    document = doc_type.document(instance)
    url = document.get("url") or ""
    if not url or not url_has_allowed_host_and_scheme(url, allowed_hosts={host}):
        return None
    return url, (document.get("title") or "")[:200]


def record_click(q: str, key: str, title: str) -> None:
    query = query_key(q)
    month = this_month()
    # Only for a query someone ran: the counters cannot be filled with made-up queries.
    if not query or not SearchStat.objects.filter(query=query, month=month).exists():
        return
    SearchStat.objects.filter(query=query, month=month).update(clicks=F("clicks") + 1)
    _bump(ClickStat, {"query": query, "month": month, "key": key}, clicks=1)
    ClickStat.objects.filter(query=query, month=month, key=key, title="").update(title=title)
