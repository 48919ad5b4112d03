"""Amounts that contradict each other.

A supply listing's implemented amount or government purchase/funding amount
above its total amount cannot both be true: blocking. A demand listing whose
contract amount is above its budget may have a reason (a budget change): it
needs evidence, not a block.
"""

from django.utils.translation import gettext as _

from catalog.checks import register

from . import AMOUNTS
from ._util import finding, kind


def _yuan(value) -> str:
    return f"{value:,.2f}"


@register
def contradicting_amounts(instance) -> list:
    findings = []
    if kind(instance) == "SupplyListing":
        total = instance.total_amount
        if total is None:
            return []
        for name in ("implemented_amount", "government_amount"):
            value = getattr(instance, name)
            if value is not None and value > total:
                label = instance._meta.get_field(name).verbose_name
                findings.append(
                    finding(
                        AMOUNTS,
                        _("%(label)s（%(value)s元）高于项目总体金额（%(total)s元）。")
                        % {"label": label, "value": _yuan(value), "total": _yuan(total)},
                        name,
                        f"{_yuan(value)} > {_yuan(total)}",
                        blocks=True,
                    )
                )
    elif kind(instance) == "DemandListing":
        budget, contract = instance.budget, instance.contract_amount
        if budget is not None and contract is not None and contract > budget:
            findings.append(
                finding(
                    AMOUNTS,
                    _("合同金额（%(value)s元）高于预算金额（%(total)s元），请说明原因或更正。")
                    % {"value": _yuan(contract), "total": _yuan(budget)},
                    "contract_amount",
                    f"{_yuan(contract)} > {_yuan(budget)}",
                    outcome="needs_evidence",
                )
            )
    return findings
