"""Search documents of the published directory (推荐目录): one per entry of a live year page."""

import time

from django.utils.translation import gettext_lazy as _

from catalog.models import ServiceDomain
from search.registry import DocumentType, register, register_container

from .models import DirectoryEntry, DirectoryYearPage

_codes: dict = {}
CODES_SECONDS = 60


def _domain_code_table() -> dict:
    """(first name, second name or "") -> (code1, code2), read once a minute, not per entry."""
    if _codes and time.monotonic() - _codes["at"] < CODES_SECONDS:
        return _codes["table"]
    table = {}
    for domain in ServiceDomain.objects.select_related("parent"):
        if domain.parent_id:
            table[(domain.parent.name, domain.name)] = (domain.parent.code, domain.code)
        else:
            table[(domain.name, "")] = (domain.code, "")
    _codes.update(table=table, at=time.monotonic())
    return table


def _domain_codes(entry) -> dict:
    """The entry keeps its domains as published text; find their codes for the facets."""
    table = _domain_code_table()
    first = table.get((entry.first_domain, ""), ("", ""))[0]
    second = table.get((entry.first_domain, entry.second_domain or ""), ("", ""))[1]
    return {"domain1": first, "domain2": second if first else ""}


def entry_document(entry: DirectoryEntry) -> dict:
    page = entry.page
    provider = entry.provider
    district = provider.district.name if provider is not None and provider.district_id else ""
    return {
        "title": entry.project_title,
        "names": [entry.provider_name],
        "body": " ".join(p for p in (page.title, entry.get_origin_display()) if p),
        **_domain_codes(entry),
        "domains": [d for d in (entry.first_domain, entry.second_domain) if d and d != "其他"],
        "places": [district] if district else [],
        "district": district,
        "year": page.year,
        "status": "",
        "date": f"{page.year}-09-30" if page.year else None,
        "url": page.url or "",
    }


def _public_entries():
    pages = DirectoryYearPage.objects.live().public()
    return DirectoryEntry.objects.filter(page__in=pages).select_related(
        "page", "provider__district"
    )


register(
    DocumentType(
        kind="directory",
        label=_("推荐目录"),
        model=DirectoryEntry,
        public=_public_entries,
        to_document=entry_document,
        weight=25,
    )
)


# The entries are public while their year page is: search re-indexes them when it
# is published, unpublished or moved.
register_container(
    DirectoryYearPage,
    lambda page: [f"directory:{pk}" for pk in page.entries.values_list("pk", flat=True)],
)
