"""Search documents of the catalog: demand and supply listings, and providers.

Only what visitors may see is indexed: public listings (published and not
hidden by the monitoring centre) and their public fields. The private contact
details (`listings.PRIVATE_FIELDS`, and the organizations' contacts) never
reach the index.
"""

import re
import time

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from search.registry import DocumentType, iso_date, register, register_facet_labels

from .models import (
    DemandIndexPage,
    DemandListing,
    Provider,
    ServiceDomain,
    SupplyIndexPage,
    SupplyListing,
)
from .models.listings import DemandStatus
from .signals import listings_imported

# A street (街道) or town (镇) named in a place: 南京东路街道, 朱家角镇.
_STREET = re.compile(r"([\u4e00-\u9fff]{2,7}?(?:街道|镇))")
# Second-level entries named only 其他 say nothing a searcher would type.
_NO_TEXT_DOMAINS = {"其他"}

_board_urls: dict = {}
BOARD_URL_SECONDS = 60


def _board_url(page_model) -> str:
    """The public board page's URL (/demand/, /supply/), looked up once a minute, not per record."""
    cached = _board_urls.get(page_model)
    if cached and time.monotonic() - cached[1] < BOARD_URL_SECONDS:
        return cached[0]
    page = page_model.objects.live().first()
    url = (page.url or "") if page is not None else ""
    _board_urls[page_model] = (url, time.monotonic())
    return url


def _url(instance) -> str:
    get_url = getattr(instance, "get_absolute_url", None)
    if get_url is not None:
        return get_url()
    board = {DemandListing: DemandIndexPage, SupplyListing: SupplyIndexPage}.get(type(instance))
    base = _board_url(board) if board else ""
    return f"{base}{instance.pk}/" if base else ""


def _join(*parts) -> str:
    return "\n".join(strip_tags(str(p)) for p in parts if p)


def _domains(listing) -> dict:
    """Codes for the facets, names for the text (both levels)."""
    domain = listing.domain
    levels = [domain.parent, domain] if domain.parent_id else [domain]
    return {
        "domain1": levels[0].code,
        "domain2": domain.code if domain.parent_id else "",
        "domains": [d.name for d in levels if d.name not in _NO_TEXT_DOMAINS],
    }


def street_of(place: str, district_name: str = "") -> str:
    """The street or town a place names (黄浦区南京东路街道社区食堂 → 南京东路街道), or ""."""
    place = strip_tags(place or "")
    for prefix in (district_name, "上海市"):
        if prefix:
            place = place.replace(prefix, " ")
    found = _STREET.search(place)
    return found.group(1) if found else ""


def places(district, place: str = "") -> list[str]:
    names = [district.name] if district is not None else []
    street = street_of(place, district.name if district is not None else "")
    return [*names, street] if street else names


def _listing_document(listing, names, body) -> dict:
    district = listing.district if listing.district_id else None
    return {
        "title": listing.title,
        "names": [n for n in names if n],
        "body": body,
        **_domains(listing),
        "places": places(district, listing.place),
        "district": district.name if district else "",
        "year": listing.year,
        "date": iso_date(
            getattr(listing, "last_published_at", None)
            or getattr(listing, "first_published_at", None)
            or listing.created_at
        ),
        "url": _url(listing),
    }


def demand_document(listing: DemandListing) -> dict:
    doc = _listing_document(
        listing,
        [listing.purchaser.name],
        _join(
            listing.summary,
            listing.service_targets,
            listing.provider_requirements,
            listing.place,
        ),
    )
    doc["status"] = listing.status
    return doc


def supply_document(listing: SupplyListing) -> dict:
    doc = _listing_document(
        listing,
        [listing.provider.name, listing.purchaser_display],
        _join(listing.summary, listing.service_targets, listing.results, listing.place),
    )
    doc["status"] = ""
    return doc


def provider_document(provider: Provider) -> dict:
    district = provider.district if provider.district_id else None
    return {
        "title": provider.name,
        "names": [provider.name],  # an organization's own name (search ranks it first for it)
        "body": _join(provider.kind, provider.get_community_type_display(), provider.summary),
        "domain1": "",
        "domain2": "",
        "domains": [],
        "places": places(district),  # the address is a contact detail: not indexed
        "district": district.name if district else "",
        "year": None,
        "status": "",
        "date": iso_date(provider.updated_at),
        # The organization's public page, a route of the supply board (/supply/provider/<id>/).
        "url": f"{base}provider/{provider.pk}/" if (base := _board_url(SupplyIndexPage)) else "",
    }


def _public_providers():
    queryset = Provider.objects.all()
    if hasattr(queryset, "public"):  # the catalog may restrict what visitors see
        queryset = queryset.public()
    return queryset.select_related("district")


register(
    DocumentType(
        kind="demand",
        label=_("需求项目"),
        model=DemandListing,
        public=lambda: DemandListing.objects.public().select_related(
            "domain__parent", "district", "purchaser"
        ),
        to_document=demand_document,
    )
)
register(
    DocumentType(
        kind="supply",
        label=_("服务项目"),
        model=SupplyListing,
        public=lambda: SupplyListing.objects.public().select_related(
            "domain__parent", "district", "provider", "purchaser"
        ),
        to_document=supply_document,
    )
)
register(
    DocumentType(
        kind="provider",
        label=_("社会组织"),
        model=Provider,
        public=_public_providers,
        to_document=provider_document,
        weight=30,
        # The provider's name is part of its supply listings' documents.
        dependents=lambda provider: [
            f"supply:{pk}" for pk in provider.supply_listings.values_list("pk", flat=True)
        ],
    )
)


def _domain_labels(codes: set[str]) -> dict[str, str]:
    """Facet labels of service domains: "6.2 心理咨询" (one query per search page)."""
    rows = ServiceDomain.objects.filter(code__in=codes).values_list("code", "name")
    return {code: f"{code} {name}" for code, name in rows}


register_facet_labels(("domain1", "domain2"), _domain_labels)
register_facet_labels(
    ("status",), lambda values: {v: str(label) for v, label in DemandStatus.choices}
)


def _listings_imported(sender, pks, **kwargs):
    # bulk_create sends no post_save: the importer tells us which records it wrote.
    from search.indexing import request_bulk

    kinds = {DemandListing: "demand", SupplyListing: "supply"}
    if sender in kinds:
        request_bulk([f"{kinds[sender]}:{pk}" for pk in pks])


listings_imported.connect(_listings_imported, dispatch_uid="search-listings-imported")
