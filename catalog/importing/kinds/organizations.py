"""The two organization kinds: providers (社会组织) and purchasers (购买主体)."""

from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope

from ...models import District, Provider, Purchaser
from ...models.organizations import (
    CommunityTier,
    CommunityType,
    Grade,
    PurchaserLevel,
    RegistrationLevel,
)
from ..cells import (
    Column,
    fmt_bool,
    fmt_choice,
    fmt_date,
    lookup_fmt,
    parse_bool,
    parse_choice,
    parse_credit_code,
    parse_date,
    parse_email,
    parse_lookup,
    parse_text,
)
from .base import Spec

# Organizations are registered by a bureau: a district admin imports its own
# district's, city-wide users any; nobody else.
REGISTRATION_DISTRICTS = Scope(district="pk")


class OrganizationSpec(Spec):
    def check_district_scope(self, instance, row, report):
        districts = self.ids_in_scope(District, REGISTRATION_DISTRICTS)
        if districts is not None and instance.district_id not in districts:
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
        Column("电子邮箱", "email", parse_email),
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
        Column("电子邮箱", "email", parse_email),
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
