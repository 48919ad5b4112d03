"""Load what matching.scoring needs, in a fixed number of queries whatever the data.

`match_demand` ranks the providers for one demand listing (about eight queries and one
search); `match_provider` ranks the open demand listings for one provider. Neither
runs a query per provider or per listing: the facts of all candidates come from a
handful of aggregated queries (tests/matching assert the counts).
"""

import logging
from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, F, Q
from django.utils import timezone

from catalog.models import (
    AnnualInspection,
    CreditEvent,
    DemandListing,
    District,
    Provider,
    ServiceDomain,
    SupplyListing,
)
from catalog.models.listings import DemandStatus
from catalog.models.records import InspectionResult
from nominations.models import DirectoryEntry
from search import service as search_service
from search.backends.base import SearchQuery

from .neighbours import neighbours_of
from .scoring import DIRECTORY_YEARS, DemandFacts, Match, ProviderFacts, Reference, rank

logger = logging.getLogger(__name__)

OPEN_STATUSES = (DemandStatus.PUBLISHED, DemandStatus.CHANGED)
TEXT_HITS = 30  # supply listings the search engine returns for a demand's text
TEXT_CACHE_SECONDS = 3600


def reference(year: int | None = None) -> Reference:
    domains = {
        pk: (parent, name)
        for pk, parent, name in ServiceDomain.objects.values_list("pk", "parent_id", "name")
    }
    districts = dict(District.objects.values_list("pk", "name"))
    by_name = {name: pk for pk, name in districts.items()}
    neighbours = {
        pk: frozenset(by_name[n] for n in neighbours_of(name) if n in by_name)
        for pk, name in districts.items()
    }
    return Reference(domains, districts, neighbours, year or timezone.localdate().year)


def open_demands():
    return DemandListing.objects.public().filter(status__in=OPEN_STATUSES)


def demand_facts(listing: DemandListing) -> DemandFacts:
    return DemandFacts(listing.pk, listing.title, listing.domain_id, listing.district_id)


def similar_for(listing: DemandListing) -> dict[int, str]:
    """`similar_supply` of a demand listing's text, cached for TEXT_CACHE_SECONDS per
    version of the listing: the matching screen is opened again and again, and the
    search engine's answer changes slowly (new supply listings)."""
    key = f"matching:similar:{listing.pk}:{listing.updated_at.timestamp() if listing.updated_at else 0}"
    found = cache.get(key)
    if found is None:
        found = similar_supply(f"{listing.title} {listing.service_targets}")
        cache.set(key, found, TEXT_CACHE_SECONDS)
    return found


def similar_supply(text: str) -> dict[int, str]:
    """{provider id: its listing's title} for the supply listings the search engine finds
    closest to `text` (empty when search is unavailable: the other parts still count)."""
    if not text.strip():
        return {}
    query = SearchQuery(q=text[:100], filters={"kind": ["supply"]}, per_page=TEXT_HITS)
    try:
        outcome = search_service.search(query)
    except Exception:  # noqa: BLE001 - the score goes on without the text part
        logger.warning("Matching's text similarity failed", exc_info=True)
        return {}
    if outcome.results is None:
        return {}
    ids = [int(h.key.split(":")[1]) for h in outcome.results.hits if h.key.startswith("supply:")]
    found: dict[int, str] = {}
    rows = (
        SupplyListing.objects.public().filter(pk__in=ids).values_list("pk", "provider_id", "title")
    )
    order = {pk: n for n, pk in enumerate(ids)}
    for _pk, provider_id, title in sorted(rows, key=lambda r: order[r[0]]):
        found.setdefault(provider_id, title)
    return found


PROVIDER_FIELDS = ("name", "district_id", "grade", "has_social_workers", "is_seriously_dishonest")
SMALL = 500  # up to this many providers the record queries name them; above, they read by condition


def _record_filter(ids: set[int]) -> dict:
    # A long IN list costs more to build than reading the few rows that match the condition.
    return {"provider_id__in": list(ids)} if len(ids) <= SMALL else {"provider__isnull": False}


def _facts(supply_rows, contract_rows, ref: Reference, similar=None, known=None) -> list:
    """ProviderFacts of every provider named in the rows (and in `similar`).

    `supply_rows`: (provider id, domain id, district id, listings, purchased, *PROVIDER_FIELDS);
    `contract_rows`: (provider id, domain id, district id, evaluation result, count).
    Providers not described by a supply row are read in one query; credit events,
    directory entries and failed inspections in one query each.
    """
    similar = similar or {}
    facts: dict[int, ProviderFacts] = {}
    for provider_id, domain_id, district_id, listings, bought, *attributes in supply_rows:
        fact = facts.get(provider_id)
        if fact is None:
            fact = facts[provider_id] = ProviderFacts(provider_id, *attributes)
        fact.domain_listings[domain_id] = fact.domain_listings.get(domain_id, 0) + listings
        if bought:
            fact.domain_purchased[domain_id] = fact.domain_purchased.get(domain_id, 0) + bought
        if district_id:
            fact.served_districts.add(district_id)
    missing = ({row[0] for row in contract_rows} | set(similar) | set(known or ())) - set(facts)
    if missing:
        for pk, *attributes in Provider.objects.filter(pk__in=list(missing)).values_list(
            "pk", *PROVIDER_FIELDS
        ):
            facts[pk] = ProviderFacts(pk, *attributes)
    if not facts:
        return []
    for provider_id, domain_id, district_id, result, count in contract_rows:
        fact = facts.get(provider_id)
        if fact is None:
            continue
        # A demand listing it was chosen for is a government-purchased project it delivered.
        fact.domain_purchased[domain_id] = fact.domain_purchased.get(domain_id, 0) + count
        if district_id:
            fact.served_districts.add(district_id)
        if result:
            fact.evaluations.setdefault(domain_id, []).append(result)
    for provider_id, title in similar.items():
        if provider_id in facts:
            facts[provider_id].similar_title = title
    ids = set(facts)
    where = _record_filter(ids)
    for provider_id, count in (
        CreditEvent.objects.filter(reversed_at__isnull=True, **where)
        .values_list("provider_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        if provider_id in facts:
            facts[provider_id].credit_events = count
    for provider_id, year in (
        DirectoryEntry.objects.filter(
            page__live=True, page__year__gt=ref.year - DIRECTORY_YEARS, **where
        )
        .values_list("provider_id", "page__year")
        .distinct()
    ):
        if provider_id in facts:
            facts[provider_id].directory_years.add(year)
    for provider_id in AnnualInspection.objects.filter(
        year__gte=ref.year - 2, result=InspectionResult.FAILED, **where
    ).values_list("provider_id", flat=True):
        if provider_id in facts:
            facts[provider_id].last_inspection_failed = True
    return list(facts.values())


def _supply_rows(queryset):
    return list(
        queryset.values_list("provider_id", "domain_id", "district_id")
        .annotate(
            n=Count("id"),
            bought=Count("id", filter=Q(purchased_before=True)),
            **{f"p_{name}": F(f"provider__{name}") for name in PROVIDER_FIELDS},
        )
        .order_by()
    )


def _contract_rows(queryset):
    return list(
        queryset.filter(chosen_provider__isnull=False)
        .values_list("chosen_provider_id", "domain_id", "district_id", "evaluation_result")
        .annotate(n=Count("id"))
        .order_by()
    )


@dataclass
class DemandMatches:
    demand: DemandFacts
    matches: list[Match]
    excluded: list[ProviderFacts]
    candidates: int


def match_demand(listing: DemandListing, limit: int | None = 20, ref=None, text=True):
    """The suitable providers of one demand listing, best first, and the excluded ones."""
    ref = ref or reference()
    demand = demand_facts(listing)
    family = ref.family(demand.domain_id)
    supply = _supply_rows(SupplyListing.objects.public().filter(domain_id__in=family))
    contracts = _contract_rows(DemandListing.objects.filter(domain_id__in=family))
    similar = similar_for(listing) if text else {}
    providers = _facts(supply, contracts, ref, similar)
    matches, excluded = rank(demand, providers, ref, limit)
    return DemandMatches(demand, matches, excluded, len(providers))


@dataclass
class ProviderMatches:
    provider: ProviderFacts | None
    matches: list[Match]


def match_provider(provider_id: int, limit: int | None = 10, ref=None, scan: int = 500):
    """The open demand listings that fit one provider, best first (its own score only)."""
    ref = ref or reference()
    supply = _supply_rows(SupplyListing.objects.public().filter(provider_id=provider_id))
    contracts = _contract_rows(DemandListing.objects.filter(chosen_provider_id=provider_id))
    facts = _facts(supply, contracts, ref, known=[provider_id])
    if not facts:
        return ProviderMatches(None, [])
    provider = facts[0]
    if provider.seriously_dishonest:
        return ProviderMatches(provider, [])
    families: set[int] = set()
    for domain_id in {row[1] for row in supply} | {row[1] for row in contracts}:
        families |= ref.family(domain_id)
    today = timezone.localdate()
    rows = (
        open_demands()
        .filter(domain_id__in=families)
        .exclude(response_deadline__lt=today)
        .order_by("-first_published_at", "-id")
        .values_list("pk", "title", "domain_id", "district_id")[:scan]
    )
    matches = []
    for pk, title, domain_id, district_id in rows:
        demand = DemandFacts(pk, title, domain_id, district_id)
        found, _excluded = rank(demand, [provider], ref, None)
        matches.extend(found)
    matches.sort(key=lambda m: (-m.total, -m.demand.id))
    return ProviderMatches(provider, matches[:limit] if limit else matches)


def served_by_domain(domain_ids) -> dict[int, dict[int, set[int]]]:
    """{domain id: {provider id: districts it serves there}} of public supply listings."""
    found: dict[int, dict[int, set[int]]] = defaultdict(dict)
    for provider_id, domain_id, district_id in (
        SupplyListing.objects.public()
        .filter(domain_id__in=domain_ids)
        .values_list("provider_id", "domain_id", "district_id")
        .distinct()
    ):
        districts = found[domain_id].setdefault(provider_id, set())
        if district_id:
            districts.add(district_id)
    return found
