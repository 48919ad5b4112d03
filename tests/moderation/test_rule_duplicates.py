"""The same project posted twice by one publisher in one year."""

import pytest

from catalog.factories import ProviderFactory
from moderation.engine import run_duplicates
from moderation.models import Flag, FlagStatus
from moderation.rules.duplicates import (
    Doc,
    duplicate_pairs,
    jaccard,
    same_project_posted_twice,
    shingles,
)

from .helpers import publish, supply

pytestmark = pytest.mark.django_db

SUMMARY = "为社区高龄独居老人提供助餐和送餐服务，每周五天，配备专职送餐员和营养师。"


def test_jaccard_of_bigram_shingles():
    assert jaccard(shingles("长者助餐"), shingles("长者助餐")) == 1.0
    assert jaccard(shingles("长者助餐"), shingles("青少年托管")) == 0.0
    assert shingles("长者 助餐！") == shingles("长者助餐")  # spacing and punctuation do not count


def test_a_near_identical_listing_of_the_same_publisher_is_a_duplicate_while_editing():
    provider = ProviderFactory()
    first = supply(save=True, provider=provider, title="长者助餐服务项目", summary=SUMMARY)
    again = supply(
        provider=provider, title="长者助餐服务项目（2）", summary=SUMMARY.replace("五天", "5天")
    )
    findings = same_project_posted_twice(again)
    assert [(f.rule, f.extra["original"]) for f in findings] == [
        ("duplicates.same_project", first.pk)
    ]


def test_same_title_but_a_different_service_is_not_a_duplicate():
    provider = ProviderFactory()
    supply(save=True, provider=provider, title="长者助餐服务项目", summary=SUMMARY)
    other = supply(
        provider=provider,
        title="长者助餐服务项目",
        summary="在养老院开展认知症照护培训，面向护理员和家属。",
    )
    assert same_project_posted_twice(other) == []


def test_the_same_project_of_another_publisher_or_year_is_not_a_duplicate():
    supply(save=True, title="长者助餐服务项目", summary=SUMMARY)
    assert same_project_posted_twice(supply(title="长者助餐服务项目", summary=SUMMARY)) == []
    provider = ProviderFactory()
    supply(save=True, provider=provider, year=2025, title="长者助餐服务项目", summary=SUMMARY)
    assert same_project_posted_twice(supply(provider=provider, year=2026, summary=SUMMARY)) == []


def test_the_size_filter_finds_every_pair_the_exhaustive_comparison_finds():
    texts = [
        SUMMARY,
        SUMMARY + "另设周末助浴。",
        SUMMARY[:20],
        "完全不同的青少年课后托管服务内容。" * 3,
    ]
    docs = [Doc.of(i, "长者助餐", text) for i, text in enumerate(texts, 1)]
    exhaustive = {
        (a.pk, b.pk)
        for a in docs
        for b in docs
        if a.pk < b.pk and jaccard(a.body_shingles, b.body_shingles) >= 0.7
    }
    assert {(a.pk, b.pk) for a, b in duplicate_pairs(docs)} == exhaustive
    assert exhaustive  # the data has at least one pair


def test_the_daily_run_flags_the_later_listing_once_and_resolves_when_it_changes():
    provider = ProviderFactory()
    first = publish(supply(provider=provider, summary=SUMMARY))
    second = publish(supply(provider=provider, summary=SUMMARY))
    Flag.objects.all().delete()

    run_duplicates(type(first))
    run_duplicates(type(first))
    flags = Flag.objects.filter(rule="duplicates.same_project")
    assert [(f.object_id, f.status) for f in flags] == [(second.pk, FlagStatus.OPEN)]

    type(second).objects.filter(pk=second.pk).update(
        summary="改为面向青少年的课后托管与学业辅导服务，每周三次。"
    )
    run_duplicates(type(first))
    assert flags.get().status == FlagStatus.RESOLVED
