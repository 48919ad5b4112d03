"""Matching's order on hand-built cases a person can check, its reasons, and its query count."""

import datetime

import pytest

from catalog.factories import (
    DemandListingFactory,
    ProviderFactory,
    SupplyListingFactory,
    district,
    domain,
)
from catalog.models import AnnualInspection, CreditEvent
from matching.facts import family_facts, match_demand, match_provider, reference
from matching.scoring import POINTS, rank, rank_indexed, score

pytestmark = pytest.mark.django_db


def provider_with(code, district_name, **fields):
    provider = ProviderFactory(district=district(district_name), **fields)
    SupplyListingFactory(provider=provider, domain=domain(code), district=district(district_name))
    return provider


@pytest.fixture
def world():
    demand = DemandListingFactory(domain=domain("2.1"), district=district("黄浦区"))
    return {
        "demand": demand,
        # Same second-level domain, same district.
        "near": provider_with("2.1", "黄浦区", name="甲：同二级领域同区"),
        # Same first-level domain (2 养老服务), a far district.
        "far": provider_with("2.3", "崇明区", name="乙：同一级领域外区"),
        # As good as 甲 but on the serious-dishonesty list.
        "dishonest": provider_with("2.1", "黄浦区", name="丙：失信", is_seriously_dishonest=True),
        # As good as 甲 but with a confirmed credit event.
        "credit": provider_with("2.1", "黄浦区", name="丁：有信用记录"),
        # Another field altogether (6 专业调处 … not 养老), same district: not suitable.
        "other": provider_with("6.1", "黄浦区", name="戊：其他领域"),
    }


def names(found):
    return [m.provider.name for m in found.matches]


def test_same_second_level_domain_and_district_beats_same_first_level_elsewhere(world):
    CreditEvent.objects.create(
        provider=world["credit"],
        kind="false_claim",
        occurred_on=datetime.date(2026, 1, 5),
        description="夸大服务成效",
    )
    found = match_demand(world["demand"])
    assert names(found) == ["甲：同二级领域同区", "丁：有信用记录", "乙：同一级领域外区"]
    best = found.matches[0]
    assert "同二级领域（居家照护及社区托养）项目1个" in best.reasons
    assert "注册于黄浦区" in best.reasons
    assert best.total == POINTS["same_domain"] + POINTS["same_district"] + POINTS["grade"]["4A"]
    assert best.total == sum(part.points for part in best.parts)
    assert "= 68" in best.breakdown


def test_a_provider_on_the_serious_dishonesty_list_is_excluded_and_named_apart(world):
    found = match_demand(world["demand"])
    assert "丙：失信" not in names(found)
    assert [p.name for p in found.excluded] == ["丙：失信"]


def test_confirmed_credit_events_mark_the_match_and_a_reversed_one_does_not(world):
    event = CreditEvent.objects.create(
        provider=world["credit"],
        kind="other",
        occurred_on=datetime.date(2026, 1, 5),
        description="逾期报送年报",
    )
    marked = next(
        m for m in match_demand(world["demand"]).matches if m.provider.name.startswith("丁")
    )
    assert marked.warning
    assert "有1条未撤销的信用记录" in marked.cautions
    event.reversed_at = datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)
    event.save()
    clean = next(
        m for m in match_demand(world["demand"]).matches if m.provider.name.startswith("丁")
    )
    assert not clean.warning and not clean.cautions


def test_a_neighbouring_district_counts_less_than_the_same_one_and_more_than_none(world):
    provider_with("2.1", "徐汇区", name="己：同二级领域邻区")
    provider_with("2.1", "崇明区", name="庚：同二级领域远区")
    found = {m.provider.name: m for m in match_demand(world["demand"]).matches}
    assert "在相邻的徐汇区有服务经验" in found["己：同二级领域邻区"].reasons
    assert (
        found["甲：同二级领域同区"].total
        > found["己：同二级领域邻区"].total
        > found["庚：同二级领域远区"].total
    )


def test_past_purchases_evaluations_directory_and_grade_are_named_reasons(world):
    seasoned = provider_with(
        "2.1", "崇明区", name="辛：经验丰富", grade="5A", has_social_workers=True
    )
    SupplyListingFactory(provider=seasoned, domain=domain("2.2"), purchased=True)
    DemandListingFactory(
        domain=domain("2.4"),
        chosen_provider=seasoned,
        status="evaluated",
        evaluation_result="excellent",
    )
    AnnualInspection.objects.create(
        provider=seasoned, year=datetime.date.today().year - 1, result="passed"
    )
    match = next(
        m
        for m in match_demand(world["demand"]).matches
        if m.provider == seasoned or m.provider.id == seasoned.pk
    )
    reasons = match.reasons
    assert "曾承接同类政府购买服务项目2个" in reasons
    assert "同类项目绩效评价优秀" in reasons
    assert "评估等级5A" in reasons
    assert "配备专业社会工作者" in reasons
    failing = provider_with("2.1", "崇明区", name="壬：评价不合格")
    DemandListingFactory(domain=domain("2.1"), chosen_provider=failing, evaluation_result="fail")
    worse = next(m for m in match_demand(world["demand"]).matches if m.provider.id == failing.pk)
    assert "同类项目绩效评价不合格" in worse.cautions


def test_an_unrelated_provider_is_not_suggested(world):
    assert "戊：其他领域" not in names(match_demand(world["demand"]))


def test_the_number_of_queries_does_not_grow_with_the_providers(
    world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        small = match_demand(world["demand"])
    for n in range(30):
        provider = provider_with("2.1" if n % 2 else "2.2", "静安区", name=f"批量{n}")
        CreditEvent.objects.create(
            provider=provider, kind="other", occurred_on=datetime.date(2026, 1, 1), description="x"
        )
    with django_assert_max_num_queries(10):
        large = match_demand(world["demand"])
    assert len(large.matches) > len(small.matches)


def test_a_provider_sees_the_open_listings_that_fit_it_with_the_same_reasons(world):
    DemandListingFactory(title="已取消的项目", domain=domain("2.1"), status="cancelled")
    DemandListingFactory(title="别的领域", domain=domain("6.1"))
    far = DemandListingFactory(
        title="外区同领域", domain=domain("2.1"), district=district("崇明区")
    )
    found = match_provider(world["near"].pk)
    titles = [m.demand.title for m in found.matches]
    assert titles[0] == world["demand"].title
    assert far.title in titles
    assert "已取消的项目" not in titles and "别的领域" not in titles
    mine = found.matches[0]
    theirs = next(
        m for m in match_demand(world["demand"]).matches if m.provider.id == world["near"].pk
    )
    assert mine.reasons == theirs.reasons and mine.total == theirs.total


def test_a_dishonest_provider_gets_no_suggestions(world):
    assert match_provider(world["dishonest"].pk).matches == []


def test_provider_side_queries_are_bounded(world, django_assert_max_num_queries):
    for n in range(20):
        DemandListingFactory(title=f"需求{n}", domain=domain("2.2"))
    with django_assert_max_num_queries(9):
        found = match_provider(world["near"].pk)
    assert len(found.matches) == 10


def test_the_fast_ranking_gives_every_candidate_the_points_of_its_explanation(world):
    """rank() orders by points computed without reasons (cached standing sums, an early
    stop, the indexed groups); the shown scores are computed again with reasons: they agree."""
    for n in range(40):
        provider = provider_with(
            ("2.1", "2.2", "2.5")[n % 3],
            ("黄浦区", "徐汇区", "崇明区")[n % 3],
            name=f"比对{n:02d}",
            grade=("", "3A", "5A")[n % 3],
        )
        if n % 4 == 0:
            SupplyListingFactory(provider=provider, domain=domain("2.3"), purchased=True)
    ref = reference()
    for code, district_name in [
        ("2.1", "黄浦区"),
        ("2.2", "徐汇区"),
        ("2.4", "崇明区"),
        ("2.1", None),
    ]:
        listing = DemandListingFactory(
            domain=domain(code), district=district(district_name) if district_name else None
        )
        demand = match_demand(listing).demand
        index = family_facts(ref.first_level(demand.domain_id), ref)
        full, _excluded = rank(demand, index.providers, ref, None)
        for match in full:
            assert match.total == sum(
                p.points for p in score(demand, match.provider, ref, explain=False)
            )
        for limit in (1, 5, 12):
            pruned, excluded = rank(demand, index.providers, ref, limit, standing=index.standing)
            fast, fast_excluded = rank_indexed(demand, index, ref, limit)
            expected = [(m.provider.id, m.total) for m in full[:limit]]
            assert [(m.provider.id, m.total) for m in pruned] == expected
            assert [(m.provider.id, m.total) for m in fast] == expected
            assert excluded == fast_excluded


def test_a_change_is_seen_by_the_next_ranking(world):
    before = match_demand(world["demand"])
    assert "乙：同一级领域外区" in names(before)
    world["far"].is_seriously_dishonest = True
    world["far"].save()
    after = match_demand(world["demand"])
    assert "乙：同一级领域外区" not in names(after)
    assert "乙：同一级领域外区" in [p.name for p in after.excluded]
