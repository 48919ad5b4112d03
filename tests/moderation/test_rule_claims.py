"""Absolute or exaggerated claims, judged in context: blocking, needs evidence, exempt."""

import pytest

from moderation.rules.claims import absolute_claims

from .helpers import demand, supply

pytestmark = pytest.mark.django_db


def outcomes(text, field="summary"):
    return [(f.extra["outcome"], f.blocks) for f in absolute_claims(supply(**{field: text}))]


@pytest.mark.parametrize(
    "text", ["本中心是全市最专业的养老服务机构", "提供顶级的心理咨询", "服务水平全国第一"]
)
def test_unverifiable_superiority_blocks_publishing(text):
    assert outcomes(text) == [("blocking", True)]


@pytest.mark.parametrize(
    "text", ["本项目获评国家级示范项目", "本区唯一的助残康复机构", "本市首家社区食堂运营方"]
)
def test_checkable_claims_need_evidence_but_do_not_block(text):
    assert outcomes(text) == [("needs_evidence", False)]


@pytest.mark.parametrize(
    "text",
    [
        "第一季度完成需求调研，第二季度开展服务",
        "项目第一期覆盖三个居委",
        "每位老人有唯一标识的服务档案",
        "服务对象为最低生活保障家庭",
        "第一，建立档案；第二，上门服务",
        "由村第一书记牵头",
        "最大限度减少老人出行",
    ],
)
def test_ordinary_phrases_with_the_same_characters_are_exempt(text):
    assert outcomes(text) == []


def test_the_longest_term_wins_so_one_claim_is_one_finding():
    assert outcomes("我们是行业第一") == [("blocking", True)]


def test_claims_in_results_are_checked_too():
    findings = absolute_claims(supply(results="服务满意度百分之百"))
    assert [f.field_name for f in findings] == ["results"]


def test_a_purchasers_demand_is_not_a_claim():
    assert absolute_claims(demand(summary="选择最专业的机构")) == []


def test_a_finding_names_the_term_in_its_message_and_excerpt():
    finding = absolute_claims(supply(summary="我们提供最佳服务"))[0]
    assert "最佳" in str(finding.message)
    assert "【最佳】" in finding.excerpt
