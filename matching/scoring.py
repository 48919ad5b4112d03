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
    similar_title: str = ""  # a listing the search engine found close to the demand


@dataclass(frozen=True)
class DemandFacts:
    id: int
    title: str
    domain_id: int
    district_id: int | None


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


def score(
    demand: DemandFacts, provider: ProviderFacts, ref: Reference, explain: bool = True
) -> list[Part]:
    """The parts of `provider`'s score for `demand`; without `explain` the reasons are
    left empty (the same points, for ranking thousands of candidates quickly)."""
    parts: list[Part] = []
    family = ref.family(demand.domain_id)
    listings = provider.domain_listings
    same = listings.get(demand.domain_id, 0)
    if same:
        reason = explain and f"同二级领域（{ref.domains[demand.domain_id][1]}）项目{same}个"
        parts.append(Part("same_domain", POINTS["same_domain"], reason or ""))
    else:
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
    if provider.similar_title:
        reason = explain and f"服务内容相近：{provider.similar_title}"
        parts.append(Part("text", POINTS["text"], reason or ""))
    if provider.credit_events:
        reason = explain and f"有{provider.credit_events}条未撤销的信用记录"
        parts.append(Part("credit", POINTS["credit"], reason or ""))
    if provider.last_inspection_failed:
        parts.append(Part("inspection", POINTS["inspection"], "近两年年检不合格"))
    return parts


def rank(demand: DemandFacts, providers, ref: Reference, limit: int | None = 20):
    """(matches best first, excluded providers) for one demand listing.

    Every candidate is scored without its reasons; only the ones shown are scored
    again with them (the same function, so the same points).
    """
    totals, excluded = [], []
    for provider in providers:
        if provider.seriously_dishonest:
            excluded.append(provider)
            continue
        parts = score(demand, provider, ref, explain=False)
        if parts:
            totals.append((-sum(p.points for p in parts), provider.name, provider.id, provider))
    totals.sort(key=lambda row: row[:3])
    shown = totals[:limit] if limit else totals
    matches = [Match(provider, score(demand, provider, ref), demand) for *_key, provider in shown]
    excluded.sort(key=lambda p: p.name)
    return matches, excluded
