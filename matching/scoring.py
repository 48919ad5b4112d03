"""The score of a provider for a demand listing: a transparent sum of named parts.

Pure functions over plain facts (matching.facts loads them in a bounded number of
queries). Every part has a name, points and a short Chinese reason; the total is
their sum, and the screens show each part (title attribute and detail table), so a
purchaser sees why a provider is listed. Points (POINTS) are one table, documented
in docs/matching.md.

Providers on the serious-dishonesty list are excluded (listed apart, with the
reason); confirmed (not reversed) credit events are a negative part and mark the
match with a warning.
"""

import heapq
from dataclasses import dataclass, field
from typing import NamedTuple

POINTS = {
    "same_domain": 40,  # published supply listings in the demand's second-level domain
    "same_first_level": 15,  # ... or only in the same first-level domain
    "same_district": 20,  # registered in, or delivered in, the demand's district
    "near_district": 10,  # ... or a neighbouring one
    "purchased_before": 10,  # government-purchased projects of the same kind (+2 each more, ≤ 16)
    "evaluation": {"excellent": 10, "good": 6, "pass": 2, "fail": -15},
    "directory": 10,  # in the recommended directory of one of the last three years
    "grade": {"5A": 10, "4A": 8, "3A": 6, "2A": 3, "1A": 1},
    "social_workers": 5,
    "text": 10,  # the search engine finds its listings close to the demand's text
    "credit": -30,  # confirmed credit events (not reversed)
    "inspection": -10,  # an annual inspection of the last two years failed
}
EVALUATION_LABELS = {"excellent": "优秀", "good": "良好", "pass": "合格", "fail": "不合格"}
EVALUATION_ORDER = ["fail", "pass", "good", "excellent"]
DIRECTORY_YEARS = 3


class Part(NamedTuple):
    name: str
    points: int
    reason: str


@dataclass(slots=True)
class ProviderFacts:
    """What the score needs to know of one provider (only the demand's domain family
    needs to be present in the per-domain dicts)."""

    id: int
    name: str
    district_id: int | None
    grade: str = ""
    has_social_workers: bool = False
    seriously_dishonest: bool = False
    domain_listings: dict[int, int] = field(default_factory=dict)  # domain id -> listings
    domain_purchased: dict[int, int] = field(default_factory=dict)  # domain id -> purchased
    served_districts: set[int] = field(default_factory=set)
    evaluations: dict[int, list[str]] = field(default_factory=dict)  # domain id -> results
    directory_years: set[int] = field(default_factory=set)
    credit_events: int = 0
    last_inspection_failed: bool = False


@dataclass(frozen=True)
class DemandFacts:
    id: int
    title: str
    domain_id: int
    district_id: int | None
    planned: bool = False  # a yearly plan's item (拟购买), not open yet


@dataclass
class Reference:
    """Reference data the reasons name: domains (id -> (parent id, name)), districts."""

    domains: dict[int, tuple[int | None, str]]
    districts: dict[int, str]
    neighbours: dict[int, frozenset[int]]
    year: int
    _families: dict[int, set[int]] = field(default_factory=dict, repr=False)

    def first_level(self, domain_id: int) -> int:
        parent, _name = self.domains.get(domain_id, (None, ""))
        return parent or domain_id

    def family(self, domain_id: int) -> set[int]:
        """The domain's first-level entry and all its second-level entries."""
        top = self.first_level(domain_id)
        if top not in self._families:
            self._families[top] = {
                d for d, (parent, _n) in self.domains.items() if d == top or parent == top
            }
        return self._families[top]


@dataclass
class Match:
    provider: ProviderFacts
    parts: list[Part]
    demand: DemandFacts | None = None
    total: int = field(init=False)

    def __post_init__(self):
        self.total = sum(part.points for part in self.parts)

    @property
    def warning(self) -> bool:
        return self.provider.credit_events > 0

    @property
    def reasons(self) -> list[str]:
        return [part.reason for part in self.parts if part.points > 0]

    @property
    def cautions(self) -> list[str]:
        return [part.reason for part in self.parts if part.points < 0]

    @property
    def breakdown(self) -> str:
        """The sum as one line (the hover text): 同二级领域 +40 + 同区 +20 … = 75."""
        terms = " ".join(f"{p.reason} {p.points:+d}" for p in self.parts)
        return f"{terms} = {self.total}"


def placement_parts(
    demand: DemandFacts, provider: ProviderFacts, ref: Reference, explain: bool = True
) -> list[Part]:
    """The parts that depend on where the demand is: its domain and its district."""
    parts: list[Part] = []
    listings = provider.domain_listings
    same = listings.get(demand.domain_id, 0)
    if same:
        reason = explain and f"同二级领域（{ref.domains[demand.domain_id][1]}）项目{same}个"
        parts.append(Part("same_domain", POINTS["same_domain"], reason or ""))
    else:
        family = ref.family(demand.domain_id)
        related = sum(n for d, n in listings.items() if d in family)
        if related:
            top = ref.first_level(demand.domain_id)
            reason = (
                explain and f"同一级领域（{ref.domains.get(top, (None, ''))[1]}）项目{related}个"
            )
            parts.append(Part("same_first_level", POINTS["same_first_level"], reason or ""))

    district = demand.district_id
    if district is not None:
        if provider.district_id == district:
            reason = explain and f"注册于{ref.districts.get(district, '')}"
            parts.append(Part("same_district", POINTS["same_district"], reason or ""))
        elif district in provider.served_districts:
            reason = explain and f"在{ref.districts.get(district, '')}有服务经验"
            parts.append(Part("same_district", POINTS["same_district"], reason or ""))
        else:
            near = ref.neighbours.get(district, frozenset())
            nearby = near & provider.served_districts
            if provider.district_id in near:
                nearby = nearby | {provider.district_id}
            if nearby:
                reason = explain and "在相邻的{}有服务经验".format(
                    "、".join(sorted(ref.districts[d] for d in nearby if d in ref.districts))
                )
                parts.append(Part("near_district", POINTS["near_district"], reason or ""))
    return parts


def standing_parts(
    provider: ProviderFacts, family: set[int], ref: Reference, explain: bool = True
) -> list[Part]:
    """The parts that depend only on the provider and the demand's first-level domain:
    the same for every demand listing of that domain (matching.facts caches their sum)."""
    parts: list[Part] = []
    if provider.domain_purchased:
        purchased = sum(n for d, n in provider.domain_purchased.items() if d in family)
        if purchased:
            points = min(POINTS["purchased_before"] + 2 * (purchased - 1), 16)
            reason = explain and f"曾承接同类政府购买服务项目{purchased}个"
            parts.append(Part("purchased_before", points, reason or ""))
    if provider.evaluations:
        results = [r for d, found in provider.evaluations.items() if d in family for r in found]
        if results:
            # The worst result counts: a failed evaluation is not hidden by a good one.
            worst = min(results, key=EVALUATION_ORDER.index)
            reason = explain and f"同类项目绩效评价{EVALUATION_LABELS[worst]}"
            parts.append(Part("evaluation", POINTS["evaluation"][worst], reason or ""))
    if provider.directory_years:
        recent = sorted(y for y in provider.directory_years if y > ref.year - DIRECTORY_YEARS)
        if recent:
            reason = explain and "入选{}年度推荐目录".format("、".join(str(y) for y in recent))
            parts.append(Part("directory", POINTS["directory"], reason or ""))
    grade = POINTS["grade"].get(provider.grade)
    if grade:
        parts.append(Part("grade", grade, explain and f"评估等级{provider.grade}" or ""))
    if provider.has_social_workers:
        parts.append(Part("social_workers", POINTS["social_workers"], "配备专业社会工作者"))
    if provider.credit_events:
        reason = explain and f"有{provider.credit_events}条未撤销的信用记录"
        parts.append(Part("credit", POINTS["credit"], reason or ""))
    if provider.last_inspection_failed:
        parts.append(Part("inspection", POINTS["inspection"], "近两年年检不合格"))
    return parts


def text_parts(provider: ProviderFacts, similar: dict[int, str] | None, explain=True) -> list:
    title = (similar or {}).get(provider.id)
    if not title:
        return []
    return [Part("text", POINTS["text"], explain and f"服务内容相近：{title}" or "")]


def score(
    demand: DemandFacts,
    provider: ProviderFacts,
    ref: Reference,
    explain: bool = True,
    similar: dict[int, str] | None = None,
) -> list[Part]:
    """Every part of `provider`'s score for `demand`; without `explain` the reasons are
    left empty (the same points, for ranking thousands of candidates quickly).
    `similar`: {provider id: title of its listing the search engine found close}."""
    family = ref.family(demand.domain_id)
    return [
        *placement_parts(demand, provider, ref, explain),
        *standing_parts(provider, family, ref, explain),
        *text_parts(provider, similar, explain),
    ]


def standing_points(providers, family: set[int], ref: Reference) -> dict[int, int]:
    return {
        p.id: sum(part.points for part in standing_parts(p, family, ref, explain=False))
        for p in providers
    }


# The most a provider's placement and text can add to its standing points.
PLACEMENT_BOUND = POINTS["same_domain"] + POINTS["same_district"] + POINTS["text"]


def rank(
    demand: DemandFacts,
    providers,
    ref: Reference,
    limit: int | None = 20,
    similar: dict[int, str] | None = None,
    standing: dict[int, int] | None = None,
):
    """(matches best first, excluded providers) for one demand listing.

    Every candidate is ranked by its points without reasons; only the ones shown are
    scored again with their reasons (the same functions, so the same points: tests
    compare them). With `standing` (the demand-independent sums, computed once per
    domain family and cached) and the providers in descending order of it, the scan
    stops once no later provider can reach the `limit` best any more (standing plus
    PLACEMENT_BOUND below the limit-th total): the same result, fewer candidates.
    """
    similar = similar or {}
    family = ref.family(demand.domain_id)
    excluded = sorted((p for p in providers if p.seriously_dishonest), key=lambda p: p.name)
    prune = standing is not None and limit
    best: list[int] = []  # min-heap of the `limit` best totals so far
    totals = []
    for provider in providers:
        if provider.seriously_dishonest:
            continue
        fixed = standing.get(provider.id) if standing is not None else None
        if prune and fixed is not None and len(best) == limit:
            if fixed + PLACEMENT_BOUND < best[0]:
                break
        placement = placement_parts(demand, provider, ref, explain=False)
        if fixed is None:
            others = standing_parts(provider, family, ref, explain=False)
            if not (placement or others or provider.id in similar):
                continue
            fixed = sum(part.points for part in others)
        total = fixed + sum(part.points for part in placement)
        if provider.id in similar:
            total += POINTS["text"]
        totals.append((-total, provider.name, provider.id, provider))
        if prune:
            if len(best) < limit:
                heapq.heappush(best, total)
            elif total > best[0]:
                heapq.heapreplace(best, total)
    totals.sort(key=lambda row: row[:3])
    shown = totals[:limit] if limit else totals
    matches = [
        Match(provider, score(demand, provider, ref, similar=similar), demand)
        for *_key, provider in shown
    ]
    return matches, excluded


@dataclass
class FamilyIndex:
    """One first-level domain's candidates, for ranking any of its demand listings fast.

    `providers`: every provider with listings or contracts in the family, best standing
    first; `standing`: their demand-independent points; `by_domain`: for each domain of
    the family, the providers with a listing in it (in the same order).
    """

    providers: list[ProviderFacts]
    standing: dict[int, int]
    by_domain: dict[int, list[ProviderFacts]]
    excluded: list[ProviderFacts]

    @classmethod
    def build(cls, providers, family: set[int], ref: Reference) -> "FamilyIndex":
        standing = standing_points(providers, family, ref)
        ordered = sorted(providers, key=lambda p: (-standing[p.id], p.name, p.id))
        by_domain: dict[int, list[ProviderFacts]] = {}
        for provider in ordered:
            for domain_id in provider.domain_listings:
                by_domain.setdefault(domain_id, []).append(provider)
        excluded = sorted((p for p in ordered if p.seriously_dishonest), key=lambda p: p.name)
        return cls(ordered, standing, by_domain, excluded)


def rank_indexed(
    demand: DemandFacts,
    index: FamilyIndex,
    ref: Reference,
    limit: int = 20,
    similar: dict[int, str] | None = None,
    others=(),
):
    """`rank` over a FamilyIndex: the same result, scanning only who can make the list.

    The candidates fall in three groups by the most their placement can add: a listing in
    the demand's domain and its district (60), in its domain elsewhere (40 + 10 for a
    neighbour), in the family only (15 + 20). Each group is scanned best standing first
    and left as soon as standing + its bound + the text part is below the limit-th best
    total so far. `others`: providers outside the index (found by the search engine).
    """
    similar = similar or {}
    district = demand.district_id
    same = index.by_domain.get(demand.domain_id, [])
    here = [
        p
        for p in same
        if district is not None and (p.district_id == district or district in p.served_districts)
    ]
    here_ids = {p.id for p in here}
    same_ids = {p.id for p in same}
    groups = [
        (POINTS["same_domain"] + POINTS["same_district"], here),
        (
            POINTS["same_domain"] + POINTS["near_district"],
            [p for p in same if p.id not in here_ids],
        ),
        (
            POINTS["same_first_level"] + POINTS["same_district"],
            (p for p in index.providers if p.id not in same_ids),
        ),
    ]
    best: list[int] = []
    totals = []

    def consider(provider, fixed):
        placement = placement_parts(demand, provider, ref, explain=False)
        total = fixed + sum(part.points for part in placement)
        if provider.id in similar:
            total += POINTS["text"]
        if not (placement or fixed or provider.id in similar):
            return
        totals.append((-total, provider.name, provider.id, provider))
        if len(best) < limit:
            heapq.heappush(best, total)
        elif total > best[0]:
            heapq.heapreplace(best, total)

    family = ref.family(demand.domain_id)
    for provider in others:
        if not provider.seriously_dishonest:
            fixed = sum(part.points for part in standing_parts(provider, family, ref, False))
            consider(provider, fixed)
    for bound, group in groups:
        for provider in group:
            fixed = index.standing[provider.id]
            if len(best) == limit and fixed + bound + POINTS["text"] < best[0]:
                break
            if not provider.seriously_dishonest:
                consider(provider, fixed)
    totals.sort(key=lambda row: row[:3])
    matches = [
        Match(provider, score(demand, provider, ref, similar=similar), demand)
        for *_key, provider in totals[:limit]
    ]
    excluded = index.excluded
    if any(p.seriously_dishonest for p in others):
        excluded = sorted(
            [*excluded, *(p for p in others if p.seriously_dishonest)], key=lambda p: p.name
        )
    return matches, excluded
