"""The two listing kinds: demand (需求项目, owned by a purchaser) and supply (服务项目, owned
by a provider), imported live or as drafts; a live row must pass the publish checks."""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role

from ...checks import run_checks
from ...forms import listing_districts
from ...models import DemandListing, Provider, Purchaser, ServiceDomain, SupplyListing
from ...models.listings import DemandStatus, EvaluationResult, PurchaseMethod
from ..cells import (
    Column,
    RowError,
    _plain,
    _text,
    fmt_amount,
    fmt_bool,
    fmt_choice,
    fmt_date,
    lookup_fmt,
    parse_amount,
    parse_bool,
    parse_choice,
    parse_date,
    parse_email,
    parse_lookup,
    parse_percent,
    parse_provider_ref,
    parse_text,
    parse_year,
)
from .base import Spec


def _domains() -> dict:
    table = {}
    classifiable = set(ServiceDomain.objects.classifiable().values_list("pk", flat=True))
    for domain in ServiceDomain.objects.all():
        if domain.pk not in classifiable:
            continue
        for key in (domain.code, domain.name, f"{domain.code} {domain.name}"):
            table.setdefault(key, domain)
    return table


DOMAIN_WITH_NAME = re.compile(r"(\d+(?:\.\d+)?)\s*[、．.:：\s]?\s*(\S.*)")


def parse_domain(value, lookups):
    """A second-level domain by its code, its name, or both; both must name the same entry."""
    text = re.sub(r"\s+", " ", _plain(value))
    if not text:
        return None
    table = lookups["domain"]
    found = table.get(text)
    if found is not None:
        return found
    match = DOMAIN_WITH_NAME.fullmatch(text)
    if match:
        code, name = match.groups()
        by_code, by_name = table.get(code), table.get(name)
        if by_code is not None and by_name is not None and by_code != by_name:
            raise RowError(
                _(
                    "业务领域“%(value)s”前后不一致：%(code)s 是“%(code_name)s”，“%(name)s”的序号是 "
                    "%(name_code)s。请改为一致的序号和名称，或只填序号"
                )
                % {
                    "value": text,
                    "code": code,
                    "code_name": by_code.name,
                    "name": name,
                    "name_code": by_name.code,
                }
            )
        if by_code is not None:
            raise RowError(
                _("业务领域“%(value)s”前后不一致：%(code)s 是“%(code_name)s”，没有名为“%(name)s”的二级目录。请只填序号")
                % {"value": text, "code": code, "code_name": by_code.name, "name": name}
            )
    raise RowError(
        _(
            "未知的业务领域：%(value)s。请填写二级目录序号，如 6.2，或序号和名称“6.2 心理咨询”"
            "（完整目录见资料下载中的《业务领域目录》）"
        )
        % {"value": text}
    )


PUBLISH_STATES = {"发布": True, "已发布": True, "草稿": False, "": True}


def parse_publish(value, _lookups):
    text = _text(value)
    if text not in PUBLISH_STATES:
        raise RowError(_("应填写“发布”或“草稿”"))
    return PUBLISH_STATES[text]


LISTING_HEAD = [
    Column("项目名称", "title", parse_text(200), required=True, example="社区高龄独居老人关爱服务"),
    Column(
        "业务领域",
        "domain",
        parse_domain,
        lambda d: f"{d.code} {d.name}",
        required=True,
        note="二级目录序号，如 6.2，也可写序号和名称“6.2 心理咨询”（“13 其他”可直接填 13）",
        example="6.2",
    ),
    Column("项目年度", "year", parse_year, required=True, example="2025"),
]
LISTING_BODY = [
    Column("项目概述", "summary", parse_text(5000)),
    Column("服务对象", "service_targets", parse_text(200), example="辖区80岁以上独居老人"),
    Column(
        "实施区域",
        "district",
        parse_lookup("district", _("未知的区：%(value)s")),
        lookup_fmt("name"),
        example="黄浦区",
    ),
    Column("实施地点", "place", parse_text(200)),
    Column("实施开始日期", "period_start", parse_date, fmt_date, example="2025-03-01"),
    Column("实施结束日期", "period_end", parse_date, fmt_date, example="2026-02-28"),
    Column("联系人", "contact_person", parse_text(50), example="李主任"),
    Column("联系电话", "phone", parse_text(30), example="021-63210000"),
    Column("电子邮箱", "email", parse_email, example="contact@example.org"),
]
PUBLISH_COLUMN = Column(
    "发布状态",
    "live",
    parse_publish,
    lambda live: "发布" if live else "草稿",
    note="发布 / 草稿，留空为发布",
    example="发布",
)


class ListingSpec(Spec):
    owner = ""  # "provider" or "purchaser"
    owner_header = ""

    def load_lookups(self):
        super().load_lookups()
        self.lookups["domain"] = _domains()
        self.now = timezone.now()
        self.existing = set(self.model.objects.values_list(f"{self.owner}_id", "title", "year"))

    def default_owner(self):
        return self.own_id(self.owner) if self.restricted() else None

    def owner_allowed(self, owner) -> bool:
        """The owner is in the user's scope (its own organization; a district's)."""
        owners = self.ids_in_scope(type(owner))
        return owners is None or owner.pk in owners

    def district_allowed(self, district) -> bool:
        """As the admin form: a district admin gives its own district only (forms.listing_districts)."""
        if "districts" not in self._in_scope:
            self._in_scope["districts"] = set(
                listing_districts(self.user).values_list("pk", flat=True)
            )
        return district.pk in self._in_scope["districts"]

    def build(self, values, row, report):
        live = values.pop("live", True)
        owner = values.get(self.owner)
        if owner is None:
            owner_id = self.default_owner()
            if owner_id is None:
                report.add(row, self.owner_header, _("必填"))
                return None
            values[f"{self.owner}_id"] = owner_id
            values.pop(self.owner, None)
        elif not self.owner_allowed(owner):
            report.add(row, self.owner_header, _("不能为其他单位导入项目"))
        district = values.get("district")
        if district is not None and not self.district_allowed(district):
            report.add(row, "实施区域", _("区民政局管理员只能填写本区为实施区域"))
        instance = self.model(**values, created_by=self.user)
        owner_id = getattr(instance, f"{self.owner}_id")
        try:
            instance.clean()  # the listing's cross-field rules, as in the admin form
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    report.add(row, self.header_of(name), message)
        key = (owner_id, instance.title, instance.year)
        if key in self.existing:
            report.add(row, "项目名称", _("与已有项目重复（同一单位、同一年度、同名项目）"))
        elif key in self.seen:
            report.add(row, "项目名称", _("与文件中前面的行重复"))
        self.seen.add(key)
        if live:
            instance.live = True
            instance.has_unpublished_changes = False
            instance.first_published_at = instance.last_published_at = self.now
            for finding in run_checks(instance):
                if finding.blocks:
                    header = self.header_of(finding.field_name)
                    report.add(row, header, _("无法发布：%s（可改为“草稿”）") % finding.message)
        else:
            instance.live = False
            instance.has_unpublished_changes = True
        return instance

    def header_of(self, name: str) -> str:
        for column in self.columns:
            if column.name == name:
                return column.header
        return ""

    def export_queryset(self, queryset):
        return queryset.select_related("domain", "district", self.owner).order_by("pk")


class DemandSpec(ListingSpec):
    kind = "demand"
    label = _("需求项目")
    model = DemandListing
    owner = "purchaser"
    owner_header = "购买主体"
    importing_roles = {Role.CITY_ADMIN, Role.DISTRICT_ADMIN, Role.PURCHASER}
    columns = [
        Column(
            "购买主体",
            "purchaser",
            parse_lookup("purchaser", _("未知的购买主体：%(value)s")),
            lookup_fmt("name"),
            required=True,
            note="平台上已登记的购买主体全称；购买主体账号导入时可留空",
            example="黄浦区南京东路街道办事处",
        ),
        *LISTING_HEAD,
        # Not required by the sheet: a yearly plan's item may not have an estimate yet, and a
        # draft may leave it for later, as in the admin; publishing an open demand without
        # one is refused by the monitoring rules' blocking checks (run_checks in build).
        Column(
            "预算金额（元）",
            "budget",
            parse_amount,
            fmt_amount,
            note="发布需求项目时必填；拟购买项目尚无预算估算、或导入为草稿时可留空",
            example="300000",
        ),
        *LISTING_BODY,
        Column("承接主体资质要求", "provider_requirements", parse_text(5000)),
        Column(
            "购买方式",
            "purchase_method",
            parse_choice(PurchaseMethod),
            fmt_choice(PurchaseMethod),
            example="公开招标",
        ),
        Column("预算批复日期", "budget_approved_on", parse_date, fmt_date, example="2025-01-15"),
        Column(
            "项目状态",
            "status",
            parse_choice(DemandStatus),
            fmt_choice(DemandStatus),
            note="拟购买（年度计划，预算未批复，不填预算批复日期）、已发布、已变更、已取消、"
            "已确定承接主体、已完成绩效评价",
            example="已发布",
        ),
        Column(
            "承接社会组织",
            "chosen_provider",
            parse_lookup("provider", _("未知的社会组织：%(value)s")),
            lookup_fmt("name"),
        ),
        Column("合同金额（元）", "contract_amount", parse_amount, fmt_amount),
        Column("签约日期", "contracted_on", parse_date, fmt_date),
        Column(
            "绩效评价结果",
            "evaluation_result",
            parse_choice(EvaluationResult),
            fmt_choice(EvaluationResult),
        ),
        Column("受益对象满意度（%）", "beneficiary_satisfaction", parse_percent, fmt_amount),
        Column("绩效评价日期", "evaluated_on", parse_date, fmt_date),
        PUBLISH_COLUMN,
    ]

    def load_lookups(self):
        super().load_lookups()
        self.lookups["purchaser"] = {
            p.name: p for p in Purchaser.objects.only("id", "name", "district_id")
        }
        providers = {}
        for provider in Provider.objects.only("id", "name", "credit_code"):
            providers[provider.name] = providers[provider.credit_code] = provider
        self.lookups["provider"] = providers

    def build(self, values, row, report):
        values["status"] = values.get("status") or DemandStatus.PUBLISHED
        return super().build(values, row, report)

    def export_queryset(self, queryset):
        return super().export_queryset(queryset).select_related("chosen_provider")


class SupplySpec(ListingSpec):
    kind = "supply"
    label = _("服务项目")
    model = SupplyListing
    owner = "provider"
    owner_header = "社会组织统一社会信用代码"
    importing_roles = {Role.CITY_ADMIN, Role.DISTRICT_ADMIN, Role.PROVIDER}
    columns = [
        Column(
            "社会组织统一社会信用代码",
            "provider",
            parse_provider_ref,
            lookup_fmt("credit_code"),
            required=True,
            note="平台上已登记的社会组织；社会组织账号导入时可留空",
            example="52310101MJ4927341X",
        ),
        *LISTING_HEAD,
        *LISTING_BODY,
        Column(
            "曾承接政府购买服务",
            "purchased_before",
            parse_bool,
            fmt_bool,
            note="是 / 否",
            example="是",
        ),
        Column(
            "购买主体",
            "purchaser_name",
            parse_text(200),
            note="曾承接时填写购买主体全称",
            example="黄浦区南京东路街道办事处",
        ),
        Column("项目总体金额（元）", "total_amount", parse_amount, fmt_amount, example="200000"),
        Column("实施金额（元）", "implemented_amount", parse_amount, fmt_amount, example="180000"),
        Column(
            "政府购买或资助金额（元）",
            "government_amount",
            parse_amount,
            fmt_amount,
            example="150000",
        ),
        Column("项目成效", "results", parse_text(5000)),
        PUBLISH_COLUMN,
    ]

    def load_lookups(self):
        super().load_lookups()
        providers = {}
        for provider in Provider.objects.only("id", "name", "credit_code", "district_id"):
            providers[provider.credit_code] = providers[provider.name] = provider
        self.lookups["provider"] = providers
        self.purchasers = dict(Purchaser.objects.values_list("name", "id"))

    def build(self, values, row, report):
        instance = super().build(values, row, report)
        if instance is None:
            return None
        # A registered purchaser is linked; an unregistered one is kept by name.
        if instance.purchaser_name in self.purchasers:
            instance.purchaser_id = self.purchasers[instance.purchaser_name]
            instance.purchaser_name = ""
        return instance

    def export_value(self, instance, column):
        if column.name == "purchaser_name":
            return instance.purchaser_display
        return super().export_value(instance, column)

    def export_queryset(self, queryset):
        return super().export_queryset(queryset).select_related("purchaser")
