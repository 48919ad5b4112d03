"""Amounts that contradict each other."""

from decimal import Decimal

import pytest

from moderation.rules.amounts import contradicting_amounts

from .helpers import demand, supply

pytestmark = pytest.mark.django_db


def test_an_implemented_amount_above_the_total_blocks():
    findings = contradicting_amounts(
        supply(
            purchased_before=True, total_amount=Decimal(100000), implemented_amount=Decimal(120000)
        )
    )
    assert [(f.rule, f.field_name, f.blocks) for f in findings] == [
        ("amounts.contradiction", "implemented_amount", True)
    ]


def test_a_government_amount_above_the_total_blocks():
    findings = contradicting_amounts(
        supply(total_amount=Decimal(100000), government_amount=Decimal("100000.01"))
    )
    assert [f.field_name for f in findings] == ["government_amount"]


def test_amounts_equal_to_the_total_are_consistent():
    listing = supply(
        total_amount=Decimal(100000),
        implemented_amount=Decimal(100000),
        government_amount=Decimal(80000),
    )
    assert contradicting_amounts(listing) == []


def test_without_a_total_nothing_can_contradict_it():
    assert contradicting_amounts(supply(implemented_amount=Decimal(100000))) == []


def test_a_contract_above_the_budget_needs_evidence_without_blocking():
    findings = contradicting_amounts(
        demand(budget=Decimal(100000), contract_amount=Decimal(110000))
    )
    assert [(f.rule, f.blocks, f.extra["outcome"]) for f in findings] == [
        ("amounts.contradiction", False, "needs_evidence")
    ]


def test_a_contract_within_the_budget_is_fine():
    assert (
        contradicting_amounts(demand(budget=Decimal(100000), contract_amount=Decimal(95000))) == []
    )
