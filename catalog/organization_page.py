"""The public page of a social organization (/organizations/<id>/): what search hits and
listings link to.

Public facts only: name, type, district, registration level, evaluation grade,
the directory years it is listed in, and its published listings. Never the
contact person, phone, e-mail or address (the organization's contacts), nor
the credit record. A fixed number of queries whatever the number of listings.
"""

from django.shortcuts import get_object_or_404, render

from .models import DemandIndexPage, DemandListing, Provider, SupplyIndexPage, SupplyListing

LISTINGS_SHOWN = 50


def _board_url(page_model) -> str:
    page = page_model.objects.live().first()
    return (page.url or "") if page is not None else ""


def organization_detail(request, pk):
    provider = get_object_or_404(Provider.objects.select_related("district"), pk=pk)
    supply = list(
        SupplyListing.objects.public()
        .filter(provider=provider)
        .select_related("domain__parent", "district")
        .order_by("-year", "-id")[:LISTINGS_SHOWN]
    )
    contracted = list(
        DemandListing.objects.public()
        .filter(chosen_provider=provider)
        .select_related("domain__parent", "district", "purchaser")
        .order_by("-year", "-id")[:LISTINGS_SHOWN]
    )
    supply_base, demand_base = _board_url(SupplyIndexPage), _board_url(DemandIndexPage)
    for listing in supply:
        listing.public_url = f"{supply_base}{listing.pk}/" if supply_base else ""
    for listing in contracted:
        listing.public_url = f"{demand_base}{listing.pk}/" if demand_base else ""
    # Through the reverse relation of the directory's entries: live year pages only.
    years = sorted(
        set(
            provider.directory_entries.filter(page__live=True).values_list("page__year", flat=True)
        ),
        reverse=True,
    )
    return render(
        request,
        "catalog/organization_detail.html",
        {
            "provider": provider,
            "supply_listings": supply,
            "contracted_listings": contracted,
            "directory_years": [y for y in years if y],
        },
    )
