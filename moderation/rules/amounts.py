"""Amounts that contradict each other.

A supply listing's implemented amount or government purchase/funding amount
above its total amount cannot both be true: blocking. A demand listing whose
contract amount is above its budget may have a reason (a budget change): it
needs evidence, not a block. The supply rules and their messages are the
catalog's (`cross_field_problems`, which `SupplyListing.clean()` is built on).
"""

from django.utils.translation import gettext as _

from catalog.checks import register
from catalog.models.listings import cross_field_problems

from . import AMOUNTS
from ._util import finding, kind


def _yuan(value) -> str:
    return f"{value:,.2f}"


@register
def contradicting_amounts(instance) -> list:
    findings = []
    if kind(instance) == "SupplyListing":
        amounts = ("implemented_amount", "government_amount")
        problems = cross_field_problems(instance, within_total=amounts)
        for name in amounts:
            if name in problems:
                findings.append(
                    finding(
                        AMOUNTS,
                        str(problems[name]),
                        name,
                        f"{_yuan(getattr(instance, name))} > {_yuan(instance.total_amount)}",
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
