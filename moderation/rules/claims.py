"""Absolute or exaggerated claims in a provider's supply listing (`001` art. 17).

Judged in context, as the market regulator's 2023 guidance on absolute terms
(《广告绝对化用语执法指南》) asks, not by a blind keyword ban:
- *blocking*: terms that claim superiority over everyone else with nothing to
  check them against (最佳, 顶级, 全国第一, 独一无二 …);
- *needs evidence*: terms that may be true and checkable (国家级, 唯一, 首家,
  排名第一 …): published, flagged for the service centre to ask for evidence;
- *exempt*: the same characters where they do not describe the provider's own
  superiority: 第一季度, 第一期, 第一书记, 唯一标识, enumerations (第一，…第二，…),
  and 最X words that are names or quantities (最低生活保障, 最多不超过 …: no
  term below matches them).
Only supply listings are checked: a purchaser's demand is not a claim about itself.
Edit TERMS and EXEMPT to maintain the list.
"""

import re

from django.utils.translation import gettext as _

from catalog.checks import register

from . import ABSOLUTE_CLAIM, BLOCKING, NEEDS_EVIDENCE
from ._util import excerpt, finding, kind, texts

TERMS = {
    # Superiority with nothing to check it against.
    "最佳": BLOCKING,
    "最好": BLOCKING,
    "最优": BLOCKING,
    "最优秀": BLOCKING,
    "最强": BLOCKING,
    "最专业": BLOCKING,
    "最权威": BLOCKING,
    "最先进": BLOCKING,
    "最高级": BLOCKING,
    "最高端": BLOCKING,
    "最完善": BLOCKING,
    "顶级": BLOCKING,
    "顶尖": BLOCKING,
    "极致": BLOCKING,
    "独一无二": BLOCKING,
    "绝无仅有": BLOCKING,
    "史无前例": BLOCKING,
    "无与伦比": BLOCKING,
    "首屈一指": BLOCKING,
    "全国第一": BLOCKING,
    "全市第一": BLOCKING,
    "全区第一": BLOCKING,
    "行业第一": BLOCKING,
    "第一品牌": BLOCKING,
    "100%满意": BLOCKING,
    "百分之百": BLOCKING,
    # May be true: ask for evidence (a certificate, a ranking's source).
    "国家级": NEEDS_EVIDENCE,
    "世界级": NEEDS_EVIDENCE,
    "唯一": NEEDS_EVIDENCE,
    "第一": NEEDS_EVIDENCE,
    "首家": NEEDS_EVIDENCE,
    "首创": NEEDS_EVIDENCE,
    "最大": NEEDS_EVIDENCE,
    "最早": NEEDS_EVIDENCE,
    "领先": NEEDS_EVIDENCE,
    "龙头": NEEDS_EVIDENCE,
    "金牌": NEEDS_EVIDENCE,
}

# Contexts that make a term harmless, matched where the term starts.
EXEMPT = [
    re.compile(
        r"第一(?:季度|期|阶段|批|次|年|轮|届|步|天|日|周|个?月|部分|章|节|条|款|项|课|书记|责任人|"
        r"时间|现场|线|手|课堂|站|中学|小学|人民医院|社会福利院|[，,、：:；;])"
    ),
    re.compile(r"唯一(?:标识|编号|识别|代码|的?联系)"),
    re.compile(r"最大(?:限度|程度|化)"),
    re.compile(r"最早(?:于|在|可|从)"),
    re.compile(r"领先(?:于?同期|计划)"),
]

TERM_RE = re.compile("|".join(re.escape(term) for term in sorted(TERMS, key=len, reverse=True)))


def classify(text: str, start: int, term: str) -> str:
    for pattern in EXEMPT:
        if pattern.match(text, start):
            return "exempt"
    return TERMS[term]


@register
def absolute_claims(instance) -> list:
    if kind(instance) != "SupplyListing":
        return []
    findings = []
    for name, text in texts(instance):
        for match in TERM_RE.finditer(text):
            outcome = classify(text, match.start(), match.group())
            if outcome == "exempt":
                continue
            blocking = outcome == BLOCKING
            message = (
                _("“%s”属于绝对化用语，无法证实，请删除或改为客观表述。")
                if blocking
                else _("“%s”需有证明材料（如证书、评比文件），请补充出处或改为客观表述。")
            ) % match.group()
            findings.append(
                finding(
                    ABSOLUTE_CLAIM,
                    message,
                    name,
                    excerpt(text, match.start(), match.end()),
                    blocks=blocking,
                    key=f"{name}:{match.group()}",
                    outcome=outcome,
                )
            )
    return findings
