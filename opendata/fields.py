"""The published fields of every table the platform hands out: board and search exports, bulk downloads.

One list per table, each field with its stable key (the JSON name), its Chinese label
(the spreadsheet header), its type and a description. The exports, the downloads and
the public field description page (/open-data/fields/) all read these lists, so the
page always describes the files as written. Private contact details are in none of them,
and every text value has its ID-card and mobile numbers masked (security.masking), whatever
the format: the masking middleware cannot read an XLSX file, and the daily files are written
outside any request.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from catalog.api import label_of
from catalog.models.listings import DemandStatus, EvaluationResult, PurchaseMethod
from nominations.models.choices import Origin
from security.masking import mask_text


@dataclass(frozen=True)
class Field:
    key: str
    label: Any
    kind: str  # "string", "integer", "number", "date", "datetime", "boolean"
    description: Any
    get: Any  # callable(record) -> value

    def value(self, record):
        value = self.get(record)
        if self.kind == "string":
            return mask_text(value) if value else ""
        return value


def _date(value):
    return value.isoformat() if value else None


def _amount(value):
    return value if value is None else Decimal(value)


def _domain_first(listing):
    return listing.domain.first_level


TYPE_LABELS = {
    "string": _("文本"),
    "integer": _("整数"),
    "number": _("数值（元，两位小数）"),
    "date": _("日期（YYYY-MM-DD）"),
    "datetime": _("日期时间（ISO 8601，含时区）"),
    "boolean": _("是/否"),
}


def _common(board: str) -> list[Field]:
    return [
        Field("id", _("编号"), "integer", _("平台内的项目编号，长期不变"), lambda r: r.pk),
        Field(
            "url",
            _("网址"),
            "string",
            _("项目在本站的详情页（站内路径）"),
            lambda r: f"/{board}/{r.pk}/",
        ),
        Field("title", _("项目名称"), "string", _("项目名称"), lambda r: r.title),
        Field(
            "domain_code",
            _("业务领域序号"),
            "string",
            _("《业务领域目录》二级目录序号，如 2.1"),
            lambda r: r.domain.code,
        ),
        Field("domain", _("业务领域"), "string", _("二级目录名称"), lambda r: r.domain.name),
        Field(
            "domain_first",
            _("一级目录"),
            "string",
            _("一级目录名称"),
            lambda r: _domain_first(r).name,
        ),
        Field("year", _("项目年度"), "integer", _("项目所属年度"), lambda r: r.year),
        Field(
            "district_code",
            _("实施区域代码"),
            "string",
            _("实施区域的行政区划代码，如 310101"),
            lambda r: r.district.code if r.district_id else "",
        ),
        Field(
            "district",
            _("实施区域"),
            "string",
            _("实施区域名称"),
            lambda r: r.district.name if r.district_id else "",
        ),
        Field("place", _("实施地点"), "string", _("实施地点"), lambda r: r.place),
        Field(
            "service_targets", _("服务对象"), "string", _("服务对象"), lambda r: r.service_targets
        ),
        Field("summary", _("项目概述"), "string", _("项目概述"), lambda r: r.summary),
        Field(
            "period_start",
            _("实施开始日期"),
            "date",
            _("实施期间的开始日期"),
            lambda r: _date(r.period_start),
        ),
        Field(
            "period_end",
            _("实施结束日期"),
            "date",
            _("实施期间的结束日期"),
            lambda r: _date(r.period_end),
        ),
        Field(
            "first_published_at",
            _("首次发布时间"),
            "datetime",
            _("项目首次公开的时间"),
            lambda r: r.first_published_at.isoformat() if r.first_published_at else None,
        ),
    ]


DEMAND_FIELDS: list[Field] = [
    *_common("demand"),
    Field(
        "purchaser_id",
        _("购买主体编号"),
        "integer",
        _("平台内的购买主体编号，长期不变"),
        lambda r: r.purchaser_id,
    ),
    Field("purchaser", _("购买主体"), "string", _("购买主体名称"), lambda r: r.purchaser.name),
    Field("budget", _("预算金额（元）"), "number", _("预算金额"), lambda r: _amount(r.budget)),
    Field(
        "purchase_method",
        _("购买方式"),
        "string",
        _("公开招标、邀请招标、竞争性谈判、竞争性磋商或单一来源采购"),
        lambda r: label_of(PurchaseMethod, r.purchase_method),
    ),
    Field(
        "budget_approved_on",
        _("预算批复日期"),
        "date",
        _("预算批复日期"),
        lambda r: _date(r.budget_approved_on),
    ),
    Field(
        "status",
        _("项目状态"),
        "string",
        _("拟购买（年度计划，预算尚未批复）、已发布、已变更、已取消、已确定承接主体或已完成绩效评价"),
        lambda r: label_of(DemandStatus, r.status),
    ),
    Field(
        "chosen_provider",
        _("承接社会组织"),
        "string",
        _("确定的承接社会组织名称"),
        lambda r: r.chosen_provider.name if r.chosen_provider_id else "",
    ),
    Field(
        "chosen_provider_credit_code",
        _("承接社会组织统一社会信用代码"),
        "string",
        _("18 位统一社会信用代码"),
        lambda r: r.chosen_provider.credit_code if r.chosen_provider_id else "",
    ),
    Field(
        "contract_amount",
        _("合同金额（元）"),
        "number",
        _("合同金额"),
        lambda r: _amount(r.contract_amount),
    ),
    Field("contracted_on", _("签约日期"), "date", _("签约日期"), lambda r: _date(r.contracted_on)),
    Field(
        "evaluation_result",
        _("绩效评价结果"),
        "string",
        _("优秀、良好、合格或不合格"),
        lambda r: label_of(EvaluationResult, r.evaluation_result),
    ),
    Field(
        "evaluated_on",
        _("绩效评价日期"),
        "date",
        _("绩效评价日期"),
        lambda r: _date(r.evaluated_on),
    ),
]

SUPPLY_FIELDS: list[Field] = [
    *_common("supply"),
    Field(
        "provider_id",
        _("社会组织编号"),
        "integer",
        _("平台内的社会组织编号，长期不变"),
        lambda r: r.provider_id,
    ),
    Field("provider", _("社会组织"), "string", _("社会组织全称"), lambda r: r.provider.name),
    Field(
        "provider_credit_code",
        _("统一社会信用代码"),
        "string",
        _("社会组织的 18 位统一社会信用代码"),
        lambda r: r.provider.credit_code,
    ),
    Field(
        "purchased_before",
        _("曾承接政府购买服务"),
        "boolean",
        _("该项目是否曾由政府购买"),
        lambda r: r.purchased_before,
    ),
    Field(
        "purchaser",
        _("购买主体"),
        "string",
        _("曾购买该项目的购买主体"),
        lambda r: r.purchaser_display,
    ),
    Field(
        "total_amount",
        _("项目总体金额（元）"),
        "number",
        _("项目总体金额"),
        lambda r: _amount(r.total_amount),
    ),
    Field(
        "implemented_amount",
        _("实施金额（元）"),
        "number",
        _("已实施金额"),
        lambda r: _amount(r.implemented_amount),
    ),
    Field(
        "government_amount",
        _("政府购买或资助金额（元）"),
        "number",
        _("政府购买或资助的金额"),
        lambda r: _amount(r.government_amount),
    ),
    Field("results", _("项目成效"), "string", _("项目成效"), lambda r: r.results),
]

DIRECTORY_FIELDS: list[Field] = [
    Field("id", _("条目编号"), "integer", _("平台内的目录条目编号，长期不变"), lambda e: e.pk),
    Field("year", _("目录年度"), "integer", _("推荐目录的年度"), lambda e: e.page.year),
    Field(
        "first_domain", _("一级目录"), "string", _("发布时的一级目录名称"), lambda e: e.first_domain
    ),
    Field(
        "second_domain",
        _("二级目录"),
        "string",
        _("发布时的二级目录名称"),
        lambda e: e.second_domain,
    ),
    Field(
        "provider_name", _("社会组织全称"), "string", _("社会组织全称"), lambda e: e.provider_name
    ),
    Field(
        "provider_credit_code",
        _("统一社会信用代码"),
        "string",
        _("社会组织的 18 位统一社会信用代码（平台已登记时）"),
        lambda e: e.provider.credit_code if e.provider_id else "",
    ),
    Field("project_title", _("项目名称"), "string", _("入选项目名称"), lambda e: e.project_title),
    Field(
        "origin",
        _("属性"),
        "string",
        _("原有或新增"),
        lambda e: label_of(Origin, e.origin),
    ),
]

SEARCH_FIELDS: list[Field] = [
    Field("kind", _("类型"), "string", _("结果类型"), lambda h: h["kind"]),
    Field("title", _("标题"), "string", _("结果标题"), lambda h: h["title"]),
    Field("url", _("网址"), "string", _("站内路径"), lambda h: h["url"]),
    Field("date", _("日期"), "date", _("发布或发文日期"), lambda h: h["date"]),
    Field("district", _("区"), "string", _("所属区"), lambda h: h["district"]),
    Field("year", _("年度"), "integer", _("年度"), lambda h: h["year"]),
    Field("status", _("状态"), "string", _("项目状态"), lambda h: h["status"]),
    Field("domain", _("业务领域"), "string", _("业务领域"), lambda h: h["domain"]),
    Field("snippet", _("摘要"), "string", _("与检索词相关的片段"), lambda h: h["snippet"]),
]


def row(fields: list[Field], record) -> list:
    return [field.value(record) for field in fields]


def headers(fields: list[Field]) -> list[str]:
    return [str(field.label) for field in fields]
