"""Load what matching.scoring needs, in a fixed number of queries whatever the data.

`match_demand` ranks the providers for one demand listing (about eight queries and one
search); `match_provider` ranks the open demand listings for one provider. Neither
runs a query per provider or per listing: the facts of all candidates come from a
handful of aggregated queries (tests/matching assert the counts).
"""

import logging
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.signals import post_delete, post_save
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
from catalog.signals import listings_imported
from nominations.models import DirectoryEntry, DirectoryYearPage
from search import service as search_service
from search.backends.base import SearchQuery

from .neighbours import neighbours_of
from .scoring import (
    DIRECTORY_YEARS,
    DemandFacts,
    FamilyIndex,
    Match,
    ProviderFacts,
    Reference,
    rank,
    rank_indexed,
)

logger = logging.getLogger(__name__)

OPEN_STATUSES = (DemandStatus.PUBLISHED, DemandStatus.CHANGED)
# Open listings and the yearly plan's items (拟购买): what providers are matched and alerted to.
MATCHED_STATUSES = (DemandStatus.PLANNED, *OPEN_STATUSES)
TEXT_HITS = 30  # supply listings the search engine returns for a demand's text
TEXT_CACHE_SECONDS = 3600


VERSION_KEY = "matching:facts-version"
_families: dict = {}  # (first-level domain id, year) -> (version, expires, FamilyIndex)
_references: dict = {}  # year -> (version, expires, Reference)


def forget() -> None:
    """Drop this process's kept facts (tests and benchmarks measuring the cold path)."""
    _families.clear()
    _references.clear()


def facts_seconds() -> int:
    return getattr(settings, "MATCHING_FACTS_SECONDS", 600)


def facts_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY) or ""
    return version


def _bump() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def changed(sender=None, **kwargs) -> None:
    """Something the family facts are made of changed: forget them now (this process,
    and every process sharing the cache) and again after the commit (a ranking read
    between the two saw the old rows)."""
    _bump()
    transaction.on_commit(_bump)


def connect_invalidation() -> None:
    watched = [
        SupplyListing,
        DemandListing,
        Provider,
        CreditEvent,
        AnnualInspection,
        DirectoryEntry,
        DirectoryYearPage,
        ServiceDomain,
        District,
    ]
    for model in watched:
        uid = f"matching_facts_{model.__name__}"
        post_save.connect(changed, sender=model, dispatch_uid=uid)
        post_delete.connect(changed, sender=model, dispatch_uid=f"{uid}_delete")
    listings_imported.connect(changed, dispatch_uid="matching_facts_imported")


def reference(year: int | None = None) -> Reference:
    """Domains, districts and their neighbours (kept like the family facts)."""
    year = year or timezone.localdate().year
    version = facts_version()
    entry = _references.get(year)
    now = time.monotonic()
    if entry is not None and entry[0] == version and entry[1] > now:
        return entry[2]
    ref = _read_reference(year)
    if facts_seconds() > 0:
        _references[year] = (version, now + facts_seconds(), ref)
    return ref


def _read_reference(year: int) -> Reference:
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
    return Reference(domains, districts, neighbours, year)


def open_demands():
    return DemandListing.objects.public().filter(status__in=OPEN_STATUSES)


def matched_demands():
    """Open listings and planned items (a plan is matched and followed before it opens)."""
    return DemandListing.objects.public().filter(status__in=MATCHED_STATUSES)


def demand_facts(listing: DemandListing) -> DemandFacts:
    return DemandFacts(
        listing.pk, listing.title, listing.domain_id, listing.district_id, listing.is_planned
    )


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


def _facts(supply_rows, contract_rows, ref: Reference, extra_ids=()) -> list:
    """ProviderFacts of every provider named in the rows (and in `extra_ids`).

    `supply_rows`: (provider id, domain id, district id, listings, purchased, *PROVIDER_FIELDS);
    `contract_rows`: (provider id, domain id, district id, evaluation result, count).
    Providers not described by a supply row are read in one query; credit events,
    directory entries and failed inspections in one query each.
    """
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
    missing = ({row[0] for row in contract_rows} | set(extra_ids)) - set(facts)
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


def family_facts(top: int, ref: Reference) -> FamilyIndex:
    """The facts of every provider with listings or contracts in one first-level domain,
    indexed for ranking: kept in this process until the data changes (`changed`, on every
    save of what they are made of, in any process sharing the cache) or FACTS_SECONDS pass."""
    seconds = facts_seconds()
    version = facts_version()
    key = (top, ref.year)
    entry = _families.get(key)
    now = time.monotonic()
    if entry is not None and entry[0] == version and entry[1] > now:
        return entry[2]
    family = ref.family(top)
    supply = _supply_rows(SupplyListing.objects.public().filter(domain_id__in=family))
    contracts = _contract_rows(DemandListing.objects.filter(domain_id__in=family))
    index = FamilyIndex.build(_facts(supply, contracts, ref), family, ref)
    if seconds > 0:
        _families[key] = (version, now + seconds, index)
    return index


def match_demand(listing: DemandListing, limit: int | None = 20, ref=None, text=True):
    """The suitable providers of one demand listing, best first, and the excluded ones."""
    ref = ref or reference()
    demand = demand_facts(listing)
    index = family_facts(ref.first_level(demand.domain_id), ref)
    similar = similar_for(listing) if text else {}
    outside = set(similar) - set(index.standing)
    # Providers the search engine found outside the domain family: not in the index.
    others = _facts([], [], ref, extra_ids=outside) if outside else []
    if limit:
        matches, excluded = rank_indexed(demand, index, ref, limit, similar, others)
    else:
        matches, excluded = rank(demand, [*others, *index.providers], ref, None, similar)
    return DemandMatches(demand, matches, excluded, len(index.providers) + len(others))


@dataclass
class ProviderMatches:
    provider: ProviderFacts | None
    matches: list[Match]


def match_provider(provider_id: int, limit: int | None = 10, ref=None, scan: int = 500):
    """The open demand listings that fit one provider, best first (its own score only)."""
    ref = ref or reference()
    supply = _supply_rows(SupplyListing.objects.public().filter(provider_id=provider_id))
    contracts = _contract_rows(DemandListing.objects.filter(chosen_provider_id=provider_id))
    facts = _facts(supply, contracts, ref, extra_ids=[provider_id])
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
        matched_demands()
        .filter(domain_id__in=families)
        .exclude(response_deadline__lt=today)
        .order_by("-first_published_at", "-id")
        .values_list("pk", "title", "domain_id", "district_id", "status")[:scan]
    )
    matches = []
    for pk, title, domain_id, district_id, status in rows:
        demand = DemandFacts(pk, title, domain_id, district_id, status == DemandStatus.PLANNED)
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
