"""OCDS 1.1: the demand listings' release package validates against the official schema, and maps
our statuses, parties and evaluation results as docs/opendata.md says."""

import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from catalog.factories import DemandListingFactory, ProviderFactory
from opendata import ocds

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
RELEASE_SCHEMA = json.loads((DATA / "release-schema.json").read_text())
PACKAGE_SCHEMA = json.loads((DATA / "release-package-schema.json").read_text())


def validator(schema):
    registry = Registry().with_resources(
        [
            (s["id"], Resource.from_contents(s, default_specification=DRAFT4))
            for s in (RELEASE_SCHEMA, PACKAGE_SCHEMA)
        ]
    )
    return jsonschema.Draft4Validator(
        schema, registry=registry, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )


def assert_valid(package):
    errors = sorted(validator(PACKAGE_SCHEMA).iter_errors(package), key=lambda e: e.path)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def build_package():
    out = io.BytesIO()
    count = ocds.write_package(out, ocds.releasable().order_by("id"), "/open-data/files/ocds.json")
    package = json.loads(out.getvalue())
    assert len(package["releases"]) == count
    return package


@pytest.fixture
def listings():
    provider = ProviderFactory(name="上海黄浦阳光社会工作服务社")
    return {
        "open": DemandListingFactory(
            title="长者助餐服务",
            purchase_method="competitive_negotiation",
            provider_requirements="具有社工资质",
            budget_approved_on=datetime.date(2026, 2, 1),
        ),
        "changed": DemandListingFactory(status="changed", budget=None, purchase_method=""),
        "cancelled": DemandListingFactory(status="cancelled"),
        "contracted": DemandListingFactory(
            status="contracted",
            chosen_provider=provider,
            contract_amount=Decimal("180000.50"),
            contracted_on=datetime.date(2026, 3, 1),
            period_start=datetime.date(2026, 3, 1),
            period_end=datetime.date(2026, 12, 31),
        ),
        "evaluated": DemandListingFactory(
            status="evaluated",
            chosen_provider=provider,
            contract_amount=Decimal("150000"),
            contracted_on=datetime.date(2025, 3, 1),
            evaluation_result="excellent",
            beneficiary_satisfaction=Decimal("96.5"),
            evaluated_on=datetime.date(2025, 12, 20),
        ),
        "draft": DemandListingFactory(live=False),
    }


def by_ocid(package):
    return {r["ocid"]: r for r in package["releases"]}


def test_the_release_package_validates_against_the_ocds_1_1_schema(listings):
    package = build_package()
    assert package["version"] == "1.1"
    assert len(package["releases"]) == 5  # not the draft
    assert_valid(package)
    for release in package["releases"]:
        assert not list(validator(RELEASE_SCHEMA).iter_errors(release))


def test_the_validator_refuses_what_the_schema_forbids(listings):
    """The test would notice a wrong mapping: a status outside the closed codelist fails."""
    package = build_package()
    package["releases"][0]["tender"]["status"] = "open"
    package["releases"][1]["tender"]["mainProcurementCategory"] = "social"
    package["releases"][2]["date"] = "2026-13-45"
    errors = list(validator(PACKAGE_SCHEMA).iter_errors(package))
    assert len(errors) == 3


def test_statuses_parties_and_the_evaluation_are_mapped(settings, listings):
    settings.OPENDATA_OCID_PREFIX = "ocds-abc123"
    releases = by_ocid(build_package())
    open_ = releases[f"ocds-abc123-{listings['open'].pk}"]
    assert open_["tag"] == ["tender"] and open_["initiationType"] == "tender"
    tender = open_["tender"]
    assert tender["status"] == "active" and tender["mainProcurementCategory"] == "services"
    assert (
        tender["procurementMethod"] == "limited"
        and tender["procurementMethodDetails"] == "竞争性谈判"
    )
    assert tender["value"] == {"amount": 200000.0, "currency": "CNY"}
    assert tender["items"][0]["classification"]["id"] == "2.1"
    assert open_["planning"]["milestones"][0]["dateMet"] == "2026-02-01T00:00:00+08:00"
    assert open_["buyer"]["id"] == open_["parties"][0]["id"] and "awards" not in open_

    assert releases[f"ocds-abc123-{listings['changed'].pk}"]["tag"] == ["tenderAmendment"]
    cancelled = releases[f"ocds-abc123-{listings['cancelled'].pk}"]
    assert (
        cancelled["tag"] == ["tenderCancellation"] and cancelled["tender"]["status"] == "cancelled"
    )

    contracted = releases[f"ocds-abc123-{listings['contracted'].pk}"]
    supplier = next(p for p in contracted["parties"] if p["roles"] == ["supplier"])
    code = listings["contracted"].chosen_provider.credit_code
    assert supplier["id"] == f"CN-USCI-{code}"
    assert supplier["identifier"] == {
        "scheme": "CN-USCI",
        "id": code,
        "legalName": "上海黄浦阳光社会工作服务社",
    }
    award, contract = contracted["awards"][0], contracted["contracts"][0]
    assert award["suppliers"] == [{"id": supplier["id"], "name": supplier["name"]}]
    assert award["value"] == {"amount": 180000.5, "currency": "CNY"}
    assert contract["awardID"] == award["id"] and contract["status"] == "active"
    assert (
        contracted["tag"] == ["award", "contract"] and contracted["tender"]["status"] == "complete"
    )

    evaluated = releases[f"ocds-abc123-{listings['evaluated'].pk}"]
    contract = evaluated["contracts"][0]
    assert evaluated["tag"] == ["award", "contract", "implementation"]
    assert contract["status"] == "terminated"
    milestone = contract["implementation"]["milestones"][0]
    assert milestone["type"] == "assessment" and milestone["code"] == "excellent"
    assert (
        milestone["status"] == "met"
        and "优秀" in milestone["description"]
        and "96.50%" in milestone["description"]
    )


def test_identifiers_are_stable_until_the_public_record_changes(listings):
    first = by_ocid(build_package())
    again = by_ocid(build_package())
    assert {o: r["id"] for o, r in first.items()} == {o: r["id"] for o, r in again.items()}
    listing = listings["open"]
    listing.title = "长者助餐服务（调整）"
    listing.save_revision().publish()
    changed = by_ocid(build_package())
    key = ocds.ocid(listing.pk)
    assert changed[key]["id"] != first[key]["id"]
    assert all(changed[o]["id"] == r["id"] for o, r in first.items() if o != key)


def test_the_package_is_built_in_a_constant_number_of_queries(
    listings, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2) as few:
        build_package()
    provider = ProviderFactory()
    DemandListingFactory.create_batch(10, status="contracted", chosen_provider=provider)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(build_package()["releases"]) == 15


# --- the yearly plan's items (拟购买): planning releases ---------------------------------


def test_a_planned_item_is_a_planning_release_and_validates(user_with_role):
    from accounts.roles import Role
    from catalog import planning

    plan = DemandListingFactory(planned=True, budget=Decimal("250000"))
    unbudgeted = DemandListingFactory(planned=True, budget=None)
    package = build_package()
    assert_valid(package)
    releases = by_ocid(package)
    planned = releases[ocds.ocid(plan.pk)]
    assert planned["tag"] == ["planning"]
    assert planned["planning"]["budget"] == {
        "amount": {"amount": 250000.0, "currency": "CNY"},
        "description": "拟购买项目预算（尚未批复）",
    }
    assert "milestones" not in planned["planning"]
    assert planned["tender"]["status"] == "planned"
    assert "value" not in planned["tender"] and "datePublished" not in planned["tender"]
    assert "amount" not in releases[ocds.ocid(unbudgeted.pk)]["planning"]["budget"]

    owner = user_with_role(Role.PURCHASER, purchaser=plan.purchaser)
    approved = datetime.date.today() - datetime.timedelta(days=1)
    planning.open_plan(plan, owner, budget=Decimal("300000"), budget_approved_on=approved)
    package = build_package()
    assert_valid(package)
    opened = by_ocid(package)[ocds.ocid(plan.pk)]
    assert opened["tag"] == ["tender"] and opened["id"] != planned["id"]
    assert opened["tender"]["status"] == "active"
    assert opened["tender"]["value"] == {"amount": 300000.0, "currency": "CNY"}
    assert opened["planning"]["milestones"][0]["type"] == "approval"
    plan.refresh_from_db()
    assert opened["tender"]["datePublished"] == ocds._moment(plan.opened_at)
