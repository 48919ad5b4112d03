"""Published demand listings and their awards as OCDS 1.1 releases (Open Contracting Data Standard).

One contracting process per public demand listing: `ocid` = OPENDATA_OCID_PREFIX + "-" + the
listing's id (never reused, so stable), one release describing its current state, `id` =
the ocid and the moment it was last published (a new id only when the public record changed).
The mapping (docs/opendata.md has it as a table):

- buyer: the purchaser (`purchaser-<id>`: purchasers carry no credit code here);
- supplier: the chosen provider, `CN-USCI-<统一社会信用代码>` with identifier scheme `CN-USCI`;
- planning: the budget and its approval date (an `approval` milestone); a yearly plan's
  item (拟购买, not open yet) is a `planning` release: the estimated budget if known, the
  tender `planned` without a value or publication date;
- tender: title, summary, budget, purchase method (open / selective / limited / direct,
  the Chinese name in procurementMethodDetails), `mainProcurementCategory` "services",
  the service domain as the item's classification, status from ours (planned → planned,
  published and changed
  → active, cancelled → cancelled, contracted and evaluated → complete);
- award and contract: once a provider is chosen (status 已确定承接主体 or later): the
  provider, the contract amount and date, the implementation period;
- implementation: the performance evaluation (绩效评价) as an `assessment` milestone, met on
  its date, its result in the code and description; the contract is then `terminated`.

Dates without a time (our DateFields) are given at 00:00 Shanghai time. Free text has its
ID-card and mobile numbers masked (security.masking), as every public answer.
"""

import datetime
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from catalog.api import label_of
from catalog.filters import public_listings
from catalog.models import DemandListing
from catalog.models.listings import DemandStatus, EvaluationResult, PurchaseMethod
from security.masking import mask_text

OCDS_VERSION = "1.1"
SHANGHAI = ZoneInfo("Asia/Shanghai")
CURRENCY = "CNY"
DOMAIN_SCHEME = "CN-SH-GXPT-DOMAIN"  # 上海市承接政府购买服务社会组织业务领域目录

METHODS = {
    PurchaseMethod.OPEN_TENDER: "open",
    PurchaseMethod.INVITED_TENDER: "selective",
    PurchaseMethod.COMPETITIVE_NEGOTIATION: "limited",
    PurchaseMethod.COMPETITIVE_CONSULTATION: "limited",
    PurchaseMethod.SINGLE_SOURCE: "direct",
}
TENDER_STATUS = {
    DemandStatus.PLANNED: "planned",
    DemandStatus.PUBLISHED: "active",
    DemandStatus.CHANGED: "active",
    DemandStatus.CANCELLED: "cancelled",
    DemandStatus.CONTRACTED: "complete",
    DemandStatus.EVALUATED: "complete",
}
AWARDED = (DemandStatus.CONTRACTED, DemandStatus.EVALUATED)


def ocid_prefix() -> str:
    return settings.OPENDATA_OCID_PREFIX


def ocid(listing_id: int) -> str:
    return f"{ocid_prefix()}-{listing_id}"


def releasable():
    """The demand listings published as releases: public ones, everything a release shows joined."""
    return public_listings(DemandListing).select_related(
        "purchaser__district", "chosen_provider__district"
    )


def _moment(value: datetime.datetime | None) -> str | None:
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z") if value else None


def _day(value: datetime.date | None) -> str | None:
    if value is None:
        return None
    return datetime.datetime.combine(value, datetime.time(), SHANGHAI).isoformat()


def _value(amount: Decimal | None) -> dict | None:
    return {"amount": float(amount), "currency": CURRENCY} if amount is not None else None


def _period(start, end) -> dict | None:
    period = {k: v for k, v in (("startDate", _day(start)), ("endDate", _day(end))) if v}
    return period or None


def _compact(data: dict) -> dict:
    """The object without its empty members (OCDS omits what is unknown)."""
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def purchaser_party(purchaser) -> dict:
    district = purchaser.district.name if purchaser.district_id else ""
    return _compact(
        {
            "id": f"purchaser-{purchaser.pk}",
            "name": purchaser.name,
            "address": _compact({"region": "上海市", "locality": district, "country": "CN"}),
            "roles": ["buyer"],
        }
    )


def provider_party(provider) -> dict:
    return _compact(
        {
            "id": f"CN-USCI-{provider.credit_code}",
            "name": provider.name,
            "identifier": {
                "scheme": "CN-USCI",
                "id": provider.credit_code,
                "legalName": provider.name,
            },
            "address": _compact(
                {"region": "上海市", "locality": provider.district.name, "country": "CN"}
            ),
            "roles": ["supplier"],
        }
    )


def _reference(party: dict) -> dict:
    return {"id": party["id"], "name": party["name"]}


def _items(listing) -> list:
    domain = listing.domain
    item = {
        "id": "1",
        "description": listing.title,
        "classification": {"scheme": DOMAIN_SCHEME, "id": domain.code, "description": domain.name},
    }
    if domain.parent_id:
        parent = domain.parent
        item["additionalClassifications"] = [
            {"scheme": DOMAIN_SCHEME, "id": parent.code, "description": parent.name}
        ]
    return [item]


def _evaluation(listing) -> dict | None:
    if not listing.evaluation_result:
        return None
    result = label_of(EvaluationResult, listing.evaluation_result)
    description = f"绩效评价结果：{result}"
    if listing.beneficiary_satisfaction is not None:
        description += f"；受益对象满意度 {listing.beneficiary_satisfaction}%"
    return _compact(
        {
            "id": "evaluation",
            "title": "绩效评价",
            "type": "assessment",
            "code": listing.evaluation_result,
            "description": description,
            "status": "met",
            "dateMet": _day(listing.evaluated_on),
        }
    )


def release(listing) -> dict:
    """The OCDS release of one demand listing (joined as `releasable()` joins it)."""
    process = ocid(listing.pk)
    date = listing.last_published_at or listing.first_published_at or listing.updated_at
    if listing.opened_at and listing.opened_at > date:
        date = listing.opened_at  # opening a plan changes the public record without publishing
    buyer = purchaser_party(listing.purchaser)
    parties = [buyer]
    planned = listing.status == DemandStatus.PLANNED
    tags = {
        DemandStatus.PLANNED: ["planning"],
        DemandStatus.CHANGED: ["tenderAmendment"],
        DemandStatus.CANCELLED: ["tenderCancellation"],
    }.get(listing.status, ["tender"])

    planning = _compact(
        {
            "budget": _compact(
                {
                    "amount": _value(listing.budget),
                    # A plan's amount is the purchaser's estimate until the approval.
                    "description": "拟购买项目预算（尚未批复）" if planned else "",
                }
            ),
            "rationale": "年度购买计划（拟购买）" if planned else "",
            "milestones": [
                {
                    "id": "budget-approval",
                    "title": "预算批复",
                    "type": "approval",
                    "status": "met",
                    "dateMet": _day(listing.budget_approved_on),
                }
            ]
            if listing.budget_approved_on
            else [],
        }
    )
    tender = _compact(
        {
            "id": f"demand-{listing.pk}",
            "title": mask_text(listing.title),
            "description": mask_text(listing.summary),
            "status": TENDER_STATUS.get(listing.status, "active"),
            "statusDetails": label_of(DemandStatus, listing.status),
            "items": _items(listing),
            "value": None if planned else _value(listing.budget),
            "procurementMethod": METHODS.get(listing.purchase_method),
            "procurementMethodDetails": label_of(PurchaseMethod, listing.purchase_method),
            "mainProcurementCategory": "services",
            "eligibilityCriteria": mask_text(listing.provider_requirements),
            "contractPeriod": _period(listing.period_start, listing.period_end),
            # A plan's tender is announced, not open: it is published when it opens.
            "datePublished": None
            if planned
            else _moment(listing.opened_at or listing.first_published_at),
        }
    )
    data = {
        "ocid": process,
        "id": f"{process}-{date.astimezone(datetime.UTC):%Y%m%dT%H%M%S.%fZ}",
        "date": _moment(date),
        "tag": tags,
        "initiationType": "tender",
        "language": "zh",
        "parties": parties,
        "buyer": _reference(buyer),
        "planning": planning,
        "tender": tender,
    }
    if listing.status in AWARDED or listing.chosen_provider_id:
        supplier = provider_party(listing.chosen_provider) if listing.chosen_provider_id else None
        if supplier:
            parties.append(supplier)
        award_id = f"demand-{listing.pk}-award"
        data["awards"] = [
            _compact(
                {
                    "id": award_id,
                    "title": listing.title,
                    "status": "active",
                    "date": _day(listing.contracted_on),
                    "value": _value(listing.contract_amount),
                    "suppliers": [_reference(supplier)] if supplier else [],
                    "contractPeriod": _period(listing.period_start, listing.period_end),
                }
            )
        ]
        evaluation = _evaluation(listing)
        data["contracts"] = [
            _compact(
                {
                    "id": f"demand-{listing.pk}-contract",
                    "awardID": award_id,
                    "title": listing.title,
                    "status": "terminated"
                    if listing.status == DemandStatus.EVALUATED
                    else "active",
                    "statusDetails": label_of(DemandStatus, listing.status),
                    "dateSigned": _day(listing.contracted_on),
                    "value": _value(listing.contract_amount),
                    "period": _period(listing.period_start, listing.period_end),
                    "implementation": {"milestones": [evaluation]} if evaluation else None,
                }
            )
        ]
        tags = ["award", "contract"] + (["implementation"] if evaluation else [])
        data["tag"] = tags
    return _compact(data)


def package_meta(uri: str) -> dict:
    """A release package's metadata (everything but `releases`)."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    meta = {
        "uri": uri if "://" in uri else f"{base}{uri}",
        "version": OCDS_VERSION,
        "publishedDate": _moment(timezone.now()),
        "publisher": {"name": settings.OPENDATA_PUBLISHER_NAME, "uri": f"{base}/"},
        "publicationPolicy": f"{base}/open-data/",
    }
    if settings.OPENDATA_LICENSE_URL:
        meta["license"] = settings.OPENDATA_LICENSE_URL
    return meta


def package(releases: list, uri: str) -> dict:
    return {**package_meta(uri), "releases": releases}


def write_package(out, listings, uri: str) -> int:
    """A release package of `listings` written to the binary file `out`, release by release."""
    head = json.dumps(package_meta(uri), ensure_ascii=False)[:-1]
    out.write((head + ', "releases": [').encode())
    count = 0
    for listing in listings:
        out.write(
            (("," if count else "") + json.dumps(release(listing), ensure_ascii=False)).encode()
        )
        count += 1
    out.write(b"]}")
    return count
