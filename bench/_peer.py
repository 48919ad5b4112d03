"""The search benchmarks' peer: Wagtail's own database search backend (modelsearch).

The platform's listings are not in Wagtail's search index (the `search/` app
indexes them, on publish); pages still are, as Wagtail indexes every page. The
benchmarks give the peer the listings explicitly, with the fields and boosts
the listings carried when they inherited `index.Indexed`, through proxy models
that exist only here.
"""

_models = {}


def peer_models() -> dict:
    """{"demand": proxy model, "supply": proxy model}, declared once (after django.setup())."""
    if _models:
        return _models
    from wagtail.search import index

    from catalog.models import DemandListing, SupplyListing

    listing_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("summary"),
        index.SearchField("service_targets"),
        index.FilterField("year"),
        index.FilterField("live"),
    ]

    class PeerDemandListing(index.Indexed, DemandListing):
        search_fields = [
            *listing_fields,
            index.SearchField("provider_requirements"),
            index.RelatedFields("purchaser", [index.SearchField("name", boost=2)]),
        ]

        class Meta:
            proxy = True
            app_label = "catalog"

    class PeerSupplyListing(index.Indexed, SupplyListing):
        search_fields = [
            *listing_fields,
            index.SearchField("results"),
            index.RelatedFields("provider", [index.SearchField("name", boost=2)]),
        ]

        class Meta:
            proxy = True
            app_label = "catalog"

    _models.update(demand=PeerDemandListing, supply=PeerSupplyListing)
    return _models


def index_listings(peer, batch: int = 5000) -> None:
    """Write every listing into the peer's index, in batches."""
    for model in peer_models().values():
        index = peer.get_index_for_model(model)
        queryset = model.objects.order_by("pk")
        for start in range(0, queryset.count(), batch):
            index.add_items(model, list(queryset[start : start + batch]))
