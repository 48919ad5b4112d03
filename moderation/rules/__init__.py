"""The monitoring rules (`001` arts. 4, 16–18), each a small named unit with a severity and a Chinese explanation.

Per-record rules are plain functions of a listing (saved or not) returning
`catalog.checks.Finding`s; they are registered with `catalog.checks` so the
publisher sees them while editing, and the daily run calls them over every
published listing. Rules over sets of records (the purchaser's yearly plan,
the same project posted twice) run set-wise in `moderation.engine`.

A hit has one of three outcomes, as the market regulator's 2023 guidance on
absolute terms asks (judge in context, not by keyword): *blocking* (the finding
blocks publishing), *needs evidence* (published, flagged for the service
centre), *exempt* (no finding at all: the context makes it harmless).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

BLOCKING = "blocking"
NEEDS_EVIDENCE = "needs_evidence"
EXEMPT = "exempt"


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    severity: str
    explanation: str
    # A confirmed hit of this rule is a false or exaggerated claim (`001` art. 17).
    false_claim: bool = False


RULES: dict[str, Rule] = {}


def define(code, label, severity, explanation, false_claim=False) -> Rule:
    rule = Rule(code, label, severity, explanation, false_claim)
    RULES[code] = rule
    return rule


COMPLETENESS_REQUIRED = define(
    "completeness.required",
    _("缺少必填信息"),
    "high",
    _("项目缺少必填信息，请补充后发布（《管理和使用办法》第四条第三项）。"),
)
COMPLETENESS_EXPECTED = define(
    "completeness.expected",
    _("建议补充信息"),
    "low",
    _("项目缺少建议填写的信息，补充后更便于供需对接。"),
)
YEARLY_PLAN = define(
    "timeliness.yearly_plan",
    _("年度购买计划未按期发布"),
    "medium",
    _("购买主体应在每年4月底前集中发布当年拟向社会组织购买的服务项目（第四条第三项）。"),
)
LATE_PUBLICATION = define(
    "timeliness.late_publication",
    _("预算批复后逾期发布"),
    "medium",
    _("新增购买服务项目应在接到预算批复后二十日内发布（第四条第三项）。"),
)
CONTRACT_RESULT = define(
    "completeness.contract_result",
    _("未补录承接主体或绩效评价结果"),
    "medium",
    _("确定承接对象和绩效评价结束后，应及时补录承接社会组织名称和绩效评价结果（第四条第三项）。"),
)
ID_CARD = define(
    "privacy.id_card",
    _("含身份证号码"),
    "high",
    _("涉及个人隐私的信息不得在平台发布（第十六条）：正文中出现了有效的居民身份证号码。"),
)
MOBILE = define(
    "privacy.mobile",
    _("含个人手机号码"),
    "high",
    _(
        "涉及个人隐私的信息不得在平台发布（第十六条）：请将手机号码填写在“联系电话”栏（不对公众公开），不要写在正文中。"
    ),
)
EMAIL = define(
    "privacy.email",
    _("含个人电子邮箱"),
    "medium",
    _("正文中出现了个人电子邮箱，请改用机构邮箱并填写在“电子邮箱”栏（第十六条）。"),
)
ABSOLUTE_CLAIM = define(
    "claims.absolute",
    _("绝对化或夸大用语"),
    "medium",
    _(
        "社会组织不得发布虚假、夸大信息（第十七条）；绝对化用语依市场监管总局2023年《广告绝对化用语执法指南》结合语境判断。"
    ),
    false_claim=True,
)
AMOUNTS = define(
    "amounts.contradiction",
    _("金额前后矛盾"),
    "high",
    _("实施金额或政府购买（资助）金额不应高于项目总体金额。"),
    false_claim=True,
)
DUPLICATE = define(
    "duplicates.same_project",
    _("同一项目重复发布"),
    "medium",
    _("同一发布方在同一年度发布了内容高度相似的项目，请合并或撤下重复的一条。"),
    false_claim=True,
)
ELIGIBILITY = define(
    "eligibility.provider",
    _("承接主体资格不符"),
    "high",
    _("合格的承接主体是在民政部门登记且不在严重失信名单中的社会组织（第八条）。"),
)
PUBLIC_REPORT = define(
    "report.public",
    _("公众举报"),
    "medium",
    _("社会公众对该记录的举报（第十八条）。"),
    false_claim=True,
)


def rule_label(code: str) -> str:
    rule = RULES.get(code)
    return str(rule.label) if rule else code


def rule_choices() -> list[tuple[str, str]]:
    return [(code, rule.label) for code, rule in RULES.items()]


# Import the rule modules last: they register their checks with catalog.checks.
from . import (  # noqa: E402
    amounts,
    claims,
    duplicates,
    eligibility,
    privacy,
    timeliness,
)

# Run per listing by the daily job (duplicates run set-wise there instead).
LISTING_CHECKS = [
    timeliness.late_publication,
    timeliness.contract_result,
    privacy.personal_data,
    claims.absolute_claims,
    amounts.contradicting_amounts,
    eligibility.provider_eligibility,
]

__all__ = ["RULES", "LISTING_CHECKS", "Rule", "duplicates"]
