"""Checks on a listing's content, shown to its publisher while editing and run by monitoring.

One registry: the catalog registers completeness here, the monitoring app
(moderation/) registers its rules. Each check takes a listing instance (saved
or not) and returns findings; a finding that `blocks` stops publishing.
"""

import contextlib
import contextvars
import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Finding:
    rule: str  # stable code, e.g. "completeness.required"
    severity: str  # "high" | "medium" | "low"
    message: str  # Chinese explanation for the publisher
    field_name: str = ""
    excerpt: str = ""
    blocks: bool = False  # a blocking finding prevents publishing
    extra: dict = dataclasses.field(default_factory=dict, compare=False, hash=False)


Check = Callable[[object], Iterable[Finding]]
_registry: list[Check] = []


def register(check: Check) -> Check:
    if check not in _registry:
        _registry.append(check)
    return check


_bulk = contextvars.ContextVar("catalog_checks_bulk", default=False)


@contextlib.contextmanager
def bulk():
    """Checks run over many records at once (the bulk import).

    A check that needs a database query per record should return no findings
    while `in_bulk()`: the bulk import validates row by row and must not issue a
    query per row. Such set-wise rules run over the imported records afterwards
    (the importer sends `catalog.signals.listings_imported`; they run after commit).
    """
    token = _bulk.set(True)
    try:
        yield
    finally:
        _bulk.reset(token)


def in_bulk() -> bool:
    return _bulk.get()


def run_checks(instance) -> list[Finding]:
    findings: list[Finding] = []
    for check in _registry:
        findings.extend(check(instance))
    return findings


# Completeness (DOMAIN.md "Monitoring"; `001` art. 4(3)): required fields must be
# there to publish; expected fields are what purchasers and reviewers look for.
REQUIRED = {
    "DemandListing": [
        "title",
        "purchaser",
        "domain",
        "year",
        "budget",
        "service_targets",
        "contact_person",
        "phone",
    ],
    "SupplyListing": ["title", "provider", "domain", "year", "summary", "contact_person", "phone"],
}
EXPECTED = {
    "DemandListing": [
        "summary",
        "purchase_method",
        "budget_approved_on",
        "period_start",
        "period_end",
        "provider_requirements",
        "district",
    ],
    "SupplyListing": ["service_targets", "district", "period_start", "period_end"],
}
# A planned item (拟购买, catalog.planning) cannot have these yet: its budget is an estimate
# until approved, the purchase method is chosen with the approved budget.
NOT_YET_IN_A_PLAN = {"budget", "purchase_method", "budget_approved_on"}
# Expected only for a supply listing that was purchased before.
PURCHASED_BEFORE_EXPECTED = ["total_amount", "implemented_amount", "government_amount", "results"]


def _is_empty(instance, name: str) -> bool:
    model_field = instance._meta.get_field(name)
    if model_field.is_relation:
        return getattr(instance, model_field.attname) in (None, "")
    value = getattr(instance, name)
    return value is None or (isinstance(value, str) and not value.strip())


def missing_fields(instance) -> list[tuple[str, bool]]:
    """(field name, required?) for every required or expected field the listing lacks."""
    kind = type(instance).__name__
    expected = list(EXPECTED.get(kind, []))
    if kind == "SupplyListing" and getattr(instance, "purchased_before", False):
        expected += PURCHASED_BEFORE_EXPECTED
        if _is_empty(instance, "purchaser") and not (instance.purchaser_name or "").strip():
            expected.append("purchaser")
    result = [(name, True) for name in REQUIRED.get(kind, []) if _is_empty(instance, name)]
    result += [(name, False) for name in expected if _is_empty(instance, name)]
    if kind == "DemandListing" and instance.status == "planned":
        result = [(name, required) for name, required in result if name not in NOT_YET_IN_A_PLAN]
    return result


@register
def completeness(instance) -> list[Finding]:
    findings = []
    for name, required in missing_fields(instance):
        label = instance._meta.get_field(name).verbose_name
        if required:
            findings.append(
                Finding(
                    "completeness.required",
                    "high",
                    _("缺少必填信息：%s") % label,
                    name,
                    blocks=True,
                )
            )
        else:
            findings.append(
                Finding("completeness.expected", "low", _("建议补充：%s") % label, name)
            )
    return findings
