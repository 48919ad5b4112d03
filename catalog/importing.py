"""Bulk import (批量导入) and export of providers, purchasers, demand and supply listings.

One column table per kind (`SPECS`) drives everything: the downloadable
template, the import and the `.xlsx` export, so the three always agree and an
export can be re-imported elsewhere.

Import is all-or-nothing and single-pass: rows are streamed (openpyxl
read-only, or csv in UTF-8 / GB18030), validated against lookups loaded once,
and written in batches inside one transaction; the first problem stops the
writing but not the validation, so the report lists every problem (row,
column, Chinese message) and the transaction is rolled back.
"""

import codecs
import csv
import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gxpt.roles import Role
from security.spreadsheets import append_row

from .access import account_of, is_city_wide
from .checks import bulk as checks_in_bulk
from .checks import run_checks
from .models import DemandListing, District, Provider, Purchaser, ServiceDomain, SupplyListing
from .models.listings import DemandStatus, EvaluationResult, PurchaseMethod
from .models.organizations import (
    CommunityTier,
    CommunityType,
    Grade,
    PurchaserLevel,
    RegistrationLevel,
)
from .signals import listings_imported
from .validators import (
    normalize_credit_code,
    validate_credit_code,
    validate_social_organization_code,
)

BATCH_SIZE = 1000
MAX_PROBLEMS = 5000  # beyond this the report says how many more there were
XLSX_MAGIC = b"PK\x03\x04"


class RowError(ValueError):
    """A cell that cannot be read; the message is shown to the user."""


@dataclass(frozen=True)
class Problem:
    row: int  # spreadsheet row number (the header is row 1)
    column: str  # the column's Chinese header, or "" for the whole row
    message: str


@dataclass
class ImportReport:
    kind: str
    rows: int = 0
    created: int = 0
    problems: list[Problem] = field(default_factory=list)
    more_problems: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, row: int, column: str, message) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(row, column, str(message)))
        else:
            self.more_problems += 1


# --- cell parsers ------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_text(max_length: int):
    def parse(value, _lookups):
        text = _text(value)
        if len(text) > max_length:
            raise RowError(_("内容过长（最多%(n)d个字）") % {"n": max_length})
        return text

    return parse


def parse_year(value, _lookups):
    text = _text(value).removesuffix("年")
    if not text:
        return None
    if not re.fullmatch(r"\d{4}", text) or not 2000 <= int(text) <= 2100:
        raise RowError(_("年度应为四位年份，如 2025"))
    return int(text)


def parse_amount(value, _lookups):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        amount = Decimal(str(value))
    else:
        text = _text(value).replace(",", "").replace("，", "").removesuffix("元")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise RowError(_("金额不是有效数字")) from None
    if not amount.is_finite():
        raise RowError(_("金额不是有效数字"))
    if amount < 0:
        raise RowError(_("金额不能为负数"))
    if amount >= Decimal("1e12"):
        raise RowError(_("金额过大"))
    return amount.quantize(Decimal("0.01"))


def parse_percent(value, lookups):
    amount = parse_amount(value, lookups)
    if amount is not None and amount > 100:
        raise RowError(_("满意度应在0到100之间"))
    return amount


DATE_PATTERN = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def parse_date(value, _lookups):
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    match = DATE_PATTERN.fullmatch(text) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if not match:
        raise RowError(_("日期格式应为 2025-01-31"))
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise RowError(_("日期不存在")) from None


TRUE_WORDS = {"是", "有", "y", "yes", "true", "1", "√"}
FALSE_WORDS = {"否", "无", "n", "no", "false", "0", ""}


def parse_bool(value, _lookups):
    text = _text(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise RowError(_("应填写“是”或“否”"))


def parse_choice(choices):
    by_label = {str(label): value for value, label in choices.choices}
    by_value = {value: value for value in choices.values}

    def parse(value, _lookups):
        text = _text(value)
        if not text:
            return ""
        if text in by_label:
            return by_label[text]
        if text in by_value:
            return by_value[text]
        allowed = "、".join(label for label in by_label if label not in ("", "—"))
        raise RowError(
            _("无法识别“%(value)s”，可填：%(allowed)s") % {"value": text, "allowed": allowed}
        )

    return parse


def parse_lookup(table: str, message):
    def parse(value, lookups):
        text = _text(value)
        if not text:
            return None
        found = lookups[table].get(text) or lookups[table].get(text.split(" ")[0])
        if found is None:
            raise RowError(message % {"value": text})
        return found

    return parse


def parse_provider_ref(value, lookups):
    """A provider by credit code (or full name); a mistyped code gets the code's own message."""
    text = _text(value)
    if not text:
        return None
    code = normalize_credit_code(text).upper()
    found = lookups["provider"].get(code) or lookups["provider"].get(text)
    if found is not None:
        return found
    if len(code) == 18:
        try:
            validate_credit_code(code)
        except ValidationError as error:
            raise RowError(" ".join(str(m) for m in error.messages)) from None
    raise RowError(_("未知的社会组织：%(value)s（请核对统一社会信用代码）") % {"value": text})


def parse_credit_code(value, _lookups):
    code = normalize_credit_code(_text(value)).upper()
    if not code:
        return ""
    try:
        validate_social_organization_code(code)
    except ValidationError as error:
        raise RowError(" ".join(str(m) for m in error.messages)) from None
    return code


# --- cell formatters (export) ----------------------------------------------------


def fmt_plain(value):
    return "" if value is None else value


def fmt_bool(value):
    return "是" if value else "否"


def fmt_choice(choices):
    labels = {value: str(label) for value, label in choices.choices}
    return lambda value: labels.get(value, "") if value else ""


def fmt_date(value):
    return value.isoformat() if value else ""


def fmt_amount(value):
    return float(value) if value is not None else ""


@dataclass(frozen=True)
class Column:
    header: str  # Chinese, stable: the template's and the export's heading
    name: str  # model attribute (for lookups: the *_id attribute's object name)
    parse: Callable
    fmt: Callable = fmt_plain
    required: bool = False
    note: str = ""
    example: str = ""


def lookup_fmt(attr: str):
    return lambda obj: getattr(obj, attr) if obj is not None else ""


# --- the four kinds ------------------------------------------------------------------


class Spec:
    kind = ""
    label = ""
    model = None
    columns: list[Column] = []

    def __init__(self, user=None):
        self.user = user
        self.lookups: dict[str, dict] = {}
        self.seen: set = set()

    # Which owner ids (providers, purchasers, districts) the importing user may write for.
    def allowed(self) -> dict | None:
        if self.user is None or is_city_wide(self.user):
            return None
        account = account_of(self.user)
        if account is None:
            return {}
        return {
            "role": account.role,
            "provider": account.provider_id,
            "purchaser": account.purchaser_id,
            "district": account.district_id,
        }

    @classmethod
    def user_may_import(cls, user) -> bool:
        if user is None or user.is_superuser:
            return True
        return getattr(account_of(user), "role", None) in cls.importing_roles

    importing_roles: set = {Role.CITY_ADMIN, Role.DISTRICT_ADMIN}

    def load_lookups(self) -> None:
        districts = {}
        for district in District.objects.all():
            for key in (district.name, district.short_name, district.code):
                districts[key] = district
        self.lookups["district"] = districts

    def build(self, values: dict, row: int, report: ImportReport):
        raise NotImplementedError

    def write(self, instances: list) -> None:
        self.model.objects.bulk_create(instances, batch_size=BATCH_SIZE)
        pks = [instance.pk for instance in instances]
        model = self.model
        # bulk_create sends no post_save: tell the search index and monitoring, after commit.
        transaction.on_commit(lambda: listings_imported.send(sender=model, pks=pks))

    def export_queryset(self, queryset):
        return queryset

    def export_row(self, instance) -> list:
        return [column.fmt(self.export_value(instance, column)) for column in self.columns]

    def export_value(self, instance, column):
        return getattr(instance, column.name)


def _domains() -> dict:
    table = {}
    classifiable = set(ServiceDomain.objects.classifiable().values_list("pk", flat=True))
    for domain in ServiceDomain.objects.all():
        if domain.pk not in classifiable:
            continue
        for key in (domain.code, domain.name, f"{domain.code} {domain.name}"):
            table.setdefault(key, domain)
    return table


class OrganizationSpec(Spec):
    def check_district_scope(self, instance, row, report):
        allowed = self.allowed()
        if allowed is None:
            return
        if (
            allowed.get("role") != Role.DISTRICT_ADMIN
            or instance.district_id != allowed["district"]
        ):
            report.add(row, self.district_header, _("只能导入本区的单位"))


class ProviderSpec(OrganizationSpec):
    kind = "providers"
    label = _("社会组织")
    model = Provider
    district_header = "所在区"
    columns = [
        Column(
            "社会组织全称",
            "name",
            parse_text(200),
            required=True,
            example="上海市黄浦区示例社会工作服务中心",
        ),
        Column(
            "统一社会信用代码",
            "credit_code",
            parse_credit_code,
            required=True,
            note="18位，民政部门登记（51/52/53开头）",
            example="52310101MJ4927341X",
        ),
        Column(
            "登记级别",
            "registration_level",
            parse_choice(RegistrationLevel),
            fmt_choice(RegistrationLevel),
            note="市级 / 区级",
            example="区级",
        ),
        Column(
            "所在区",
            "district",
            parse_lookup("district", _("未知的区：%(value)s")),
            lookup_fmt("name"),
            required=True,
            example="黄浦区",
        ),
        Column("成立登记日期", "registered_on", parse_date, fmt_date, example="2015-06-01"),
        Column(
            "评估等级",
            "grade",
            parse_choice(Grade),
            fmt_choice(Grade),
            note="未评估 / 1A–5A",
            example="4A",
        ),
        Column(
            "配备专业社会工作者",
            "has_social_workers",
            parse_bool,
            fmt_bool,
            note="是 / 否",
            example="是",
        ),
        Column(
            "社区社会组织类型",
            "community_type",
            parse_choice(CommunityType),
            fmt_choice(CommunityType),
            note="公益慈善类、生活服务类、社区事务类、文体活动类，非社区社会组织留空",
        ),
        Column(
            "社区社会组织层级",
            "community_tier",
            parse_choice(CommunityTier),
            fmt_choice(CommunityTier),
            note="注册社会组织、群众活动团队、社区活动小组",
        ),
        Column("机构简介", "summary", parse_text(5000)),
        Column("联系人", "contact_person", parse_text(50), example="王老师"),
        Column("联系电话", "phone", parse_text(30), example="021-63210000"),
        Column("电子邮箱", "email", parse_text(254)),
        Column("地址", "address", parse_text(200)),
    ]

    def load_lookups(self):
        super().load_lookups()
        self.existing_codes = set(Provider.objects.values_list("credit_code", flat=True))
        self.existing_names = set(Provider.objects.values_list("name", flat=True))

    def build(self, values, row, report):
        instance = Provider(**values)
        instance.registration_level = instance.registration_level or RegistrationLevel.DISTRICT
        if instance.credit_code in self.existing_codes:
            report.add(row, "统一社会信用代码", _("该统一社会信用代码的社会组织已存在"))
        elif instance.name in self.existing_names:
            report.add(row, "社会组织全称", _("同名社会组织已存在"))
        for key, header in (
            (("code", instance.credit_code), "统一社会信用代码"),
            (("name", instance.name), "社会组织全称"),
        ):
            if key in self.seen:
                report.add(row, header, _("与文件中前面的行重复"))
            self.seen.add(key)
        if instance.community_tier and not instance.community_type:
            report.add(row, "社区社会组织类型", _("填写了层级，请同时填写社区社会组织类型"))
        self.check_district_scope(instance, row, report)
        return instance


class PurchaserSpec(OrganizationSpec):
    kind = "purchasers"
    label = _("购买主体")
    model = Purchaser
    district_header = "所在区"
    columns = [
        Column(
            "购买主体名称", "name", parse_text(200), required=True, example="黄浦区示例街道办事处"
        ),
        Column(
            "层级",
            "level",
            parse_choice(PurchaserLevel),
            fmt_choice(PurchaserLevel),
            required=True,
            note="市级部门 / 区级部门 / 街道/镇",
            example="街道/镇",
        ),
        Column(
            "所在区",
            "district",
            parse_lookup("district", _("未知的区：%(value)s")),
            lookup_fmt("name"),
            note="市级部门可不填",
            example="黄浦区",
        ),
        Column("联系人", "contact_person", parse_text(50)),
        Column("联系电话", "phone", parse_text(30)),
        Column("电子邮箱", "email", parse_text(254)),
        Column("地址", "address", parse_text(200)),
    ]

    def load_lookups(self):
        super().load_lookups()
        self.existing_names = set(Purchaser.objects.values_list("name", flat=True))

    def build(self, values, row, report):
        instance = Purchaser(**values)
        if instance.name in self.existing_names:
            report.add(row, "购买主体名称", _("同名购买主体已存在"))
        if instance.name in self.seen:
            report.add(row, "购买主体名称", _("与文件中前面的行重复"))
        self.seen.add(instance.name)
        if instance.level != PurchaserLevel.CITY and instance.district_id is None:
            report.add(row, "所在区", _("区级部门和街道/镇须填写所在区"))
        self.check_district_scope(instance, row, report)
        return instance


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
        parse_lookup("domain", _("未知的业务领域：%(value)s（请填写二级目录序号，如 1.6）")),
        lambda d: f"{d.code} {d.name}",
        required=True,
        note="二级目录序号，如 1.6（“13 其他”可直接填 13）",
        example="1.6",
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
    Column("电子邮箱", "email", parse_text(254)),
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
        allowed = self.allowed()
        return (allowed or {}).get(self.owner)

    def owner_allowed(self, owner) -> bool:
        allowed = self.allowed()
        if allowed is None:
            return True
        if allowed.get("role") == Role.DISTRICT_ADMIN:
            return owner.district_id == allowed["district"]
        return owner.pk == allowed.get(self.owner)

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
        instance = self.model(**values, created_by=self.user)
        owner_id = getattr(instance, f"{self.owner}_id")
        start, end = instance.period_start, instance.period_end
        if start and end and end < start:
            report.add(row, "实施结束日期", _("结束日期早于开始日期"))
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
        Column(
            "预算金额（元）", "budget", parse_amount, fmt_amount, required=True, example="300000"
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
            note="已发布、已变更、已取消、已确定承接主体、已完成绩效评价",
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
        if (
            instance.total_amount is not None
            and instance.implemented_amount is not None
            and instance.implemented_amount > instance.total_amount
        ):
            report.add(row, "实施金额（元）", _("实施金额大于项目总体金额"))
        return instance

    def export_value(self, instance, column):
        if column.name == "purchaser_name":
            return instance.purchaser_display
        return super().export_value(instance, column)

    def export_queryset(self, queryset):
        return super().export_queryset(queryset).select_related("purchaser")


SPECS: dict[str, type[Spec]] = {
    spec.kind: spec for spec in (ProviderSpec, PurchaserSpec, DemandSpec, SupplySpec)
}


# --- reading files -----------------------------------------------------------------


class FileRejected(ValueError):
    """The upload is not a spreadsheet we read; the message is shown to the user."""


def max_upload_bytes() -> int:
    return getattr(settings, "CATALOG_IMPORT_MAX_BYTES", 20 * 1024 * 1024)


def check_upload(fileobj, filename: str, size: int | None = None) -> str:
    """The file's format ("xlsx" or "csv"), judged by name AND content; raises FileRejected."""
    name = filename.lower()
    if size is not None and size > max_upload_bytes():
        raise FileRejected(
            _("文件过大（上限 %(mb)d MB）") % {"mb": max_upload_bytes() // (1024 * 1024)}
        )
    head = fileobj.read(8192)
    fileobj.seek(0)
    if not head:
        raise FileRejected(_("文件为空"))
    if name.endswith(".xlsx"):
        if not head.startswith(XLSX_MAGIC):
            raise FileRejected(_("文件内容不是 Excel（.xlsx）格式"))
        try:
            names = zipfile.ZipFile(fileobj).namelist()
        except zipfile.BadZipFile:
            raise FileRejected(_("Excel 文件已损坏")) from None
        finally:
            fileobj.seek(0)
        if "xl/workbook.xml" not in names:
            raise FileRejected(_("文件内容不是 Excel（.xlsx）格式"))
        return "xlsx"
    if name.endswith(".csv"):
        if b"\x00" in head or head.startswith((XLSX_MAGIC, b"\xd0\xcf\x11\xe0", b"%PDF")):
            raise FileRejected(_("文件内容不是 CSV 文本"))
        return "csv"
    if name.endswith(".xls"):
        raise FileRejected(_("不支持旧版 .xls 文件，请另存为 .xlsx 或 .csv"))
    raise FileRejected(_("只能上传 .xlsx 或 .csv 文件"))


def _csv_encoding(fileobj) -> str:
    """UTF-8 (with or without BOM) if the whole file decodes so, else GB18030."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        while chunk := fileobj.read(1 << 20):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        encoding = "utf-8-sig"
    except UnicodeDecodeError:
        encoding = "gb18030"
    fileobj.seek(0)
    return encoding


def read_rows(fileobj, file_format: str) -> Iterator[tuple]:
    """Yield the rows of the first sheet (or of the CSV) as tuples, header first; streamed."""
    if file_format == "xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(fileobj, read_only=True, data_only=True)
        try:
            yield from workbook.worksheets[0].iter_rows(values_only=True)
        finally:
            workbook.close()
        return
    encoding = _csv_encoding(fileobj)
    text = io.TextIOWrapper(fileobj, encoding=encoding, newline="")
    try:
        for record in csv.reader(text):
            yield tuple(record)
    except UnicodeDecodeError as error:
        raise FileRejected(_("CSV 文件编码无法识别（请使用 UTF-8 或 GB18030）")) from error
    finally:
        text.detach()


def _header(value) -> str:
    return re.sub(r"\s+", "", _text(value)).rstrip("*＊")


def import_rows(kind: str, rows: Iterator[tuple], user=None, dry_run=False) -> ImportReport:
    spec = SPECS[kind](user)
    report = ImportReport(kind=kind, dry_run=dry_run)
    if not spec.user_may_import(user):
        report.add(0, "", _("您的账号不能导入%s") % spec.label)
        return report
    try:
        header = next(rows)
    except StopIteration:
        report.add(1, "", _("文件中没有数据"))
        return report
    headers = [_header(cell) for cell in header]
    positions = []
    for column in spec.columns:
        if column.header in headers:
            positions.append((column, headers.index(column.header)))
        elif column.required and not (
            spec.allowed() and column.header == getattr(spec, "owner_header", None)
        ):
            report.add(1, column.header, _("缺少必需的列"))
    known = {column.header for column in spec.columns}
    for name in headers:
        if name and name not in known:
            report.add(1, name, _("无法识别的列（请使用下载的模板）"))
    if report.problems:
        return report

    spec.load_lookups()
    batch: list = []
    with transaction.atomic(), checks_in_bulk():
        for row_number, cells in enumerate(rows, start=2):
            if not any(cell not in (None, "") and _text(cell) for cell in cells):
                continue
            report.rows += 1
            values = {}
            row_ok = True
            for column, position in positions:
                raw = cells[position] if position < len(cells) else None
                try:
                    value = column.parse(raw, spec.lookups)
                except RowError as error:
                    report.add(row_number, column.header, error)
                    row_ok = False
                    continue
                if column.required and value in (None, ""):
                    if column.header == getattr(spec, "owner_header", None) and spec.allowed():
                        continue  # an organization's own account: defaults to itself
                    report.add(row_number, column.header, _("必填"))
                    row_ok = False
                    continue
                values[column.name] = value
            if not row_ok:
                continue
            instance = spec.build(values, row_number, report)
            if instance is None or report.problems or dry_run:
                continue  # keep validating, stop writing: the transaction is rolled back
            batch.append(instance)
            if len(batch) >= BATCH_SIZE:
                spec.write(batch)
                report.created += len(batch)
                batch = []
        if report.problems or report.more_problems or dry_run:
            transaction.set_rollback(True)
            report.created = 0
            return report
        if batch:
            spec.write(batch)
            report.created += len(batch)
    return report


def import_file(kind: str, fileobj, filename: str, user=None, dry_run=False) -> ImportReport:
    """Check the upload, then import it all or nothing (raises FileRejected for a bad file)."""
    file_format = check_upload(fileobj, filename, size=getattr(fileobj, "size", None))
    try:
        return import_rows(kind, read_rows(fileobj, file_format), user=user, dry_run=dry_run)
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        raise FileRejected(_("无法读取文件：%s") % error) from error


# --- templates and export -------------------------------------------------------------


def _workbook_response_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_xlsx(kind: str) -> bytes:
    """The import template: the header row, and a second sheet explaining every column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    spec = SPECS[kind]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(spec.label)
    sheet.append([column.header for column in spec.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(spec.columns, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(
            12, len(column.header) * 2 + 2
        )
    notes = workbook.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "填写说明", "示例"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in spec.columns:
        notes.append(
            [column.header, "必填" if column.required else "", str(column.note), column.example]
        )
    notes.append([])
    notes.append(
        [
            "说明：只读取第一个工作表；第一行为列名；任何一行有误时整份文件都不会导入，请按报告修改后重新上传。"
        ]
    )
    return _workbook_response_bytes(workbook)


def template_csv(kind: str) -> bytes:
    spec = SPECS[kind]
    buffer = io.StringIO()
    csv.writer(buffer).writerow([column.header for column in spec.columns])
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(kind: str, queryset, out) -> None:
    """Write `queryset` to `out` as .xlsx with the template's headers (write-only, streamed)."""
    from openpyxl import Workbook

    spec = SPECS[kind]()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(spec.label))
    sheet.append([column.header for column in spec.columns])
    for instance in spec.export_queryset(queryset).iterator(chunk_size=2000):
        append_row(sheet, spec.export_row(instance))
    workbook.save(out)


def problems_xlsx(report: ImportReport) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("导入问题")
    sheet.append(["行号", "列", "问题"])
    for problem in report.problems:
        append_row(sheet, [problem.row, problem.column, problem.message])
    return _workbook_response_bytes(workbook)
