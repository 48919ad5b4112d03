"""Search documents of the catalog: demand and supply listings, and providers.

Only what visitors may see is indexed: public listings (published and not
hidden by the monitoring centre) and their public fields. The private contact
details (`listings.PRIVATE_FIELDS`, and the organizations' contacts) never
reach the index.
"""

import time

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from search.registry import DocumentType, iso_date, register

from .models import DemandIndexPage, DemandListing, Provider, SupplyIndexPage, SupplyListing
from .signals import listings_imported

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
    domain = listing.domain
    if domain.parent_id:
        return {"domain1": domain.parent.code, "domain2": domain.code}
    return {"domain1": domain.code, "domain2": ""}


def _listing_document(listing, names, body) -> dict:
    return {
        "title": listing.title,
        "names": [n for n in names if n],
        "body": body,
        **_domains(listing),
        "district": listing.district.name if listing.district_id else "",
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
    return {
        "title": provider.name,
        "names": [],
        "body": _join(provider.summary),
        "domain1": "",
        "domain2": "",
        "district": provider.district.name if provider.district_id else "",
        "year": None,
        "status": "",
        "date": iso_date(provider.updated_at),
        "url": _url(provider),
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


def _listings_imported(sender, pks, **kwargs):
    # bulk_create sends no post_save: the importer tells us which records it wrote.
    from search.indexing import request_bulk

    kinds = {DemandListing: "demand", SupplyListing: "supply"}
    if sender in kinds:
        request_bulk([f"{kinds[sender]}:{pk}" for pk in pks])


listings_imported.connect(_listings_imported, dispatch_uid="search-listings-imported")
