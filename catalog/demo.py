"""Demo data of the catalog: sample providers and purchasers across districts, and one account per role.

Deterministic and idempotent: every record is looked up by its natural key and
only created when missing, so a second run changes nothing.

Over 400 lines because it is data more than code: the sample organizations, listings
and accounts are written out so a reader sees the demo as it will appear.
"""

import csv
import datetime
import io
import os
import random

from django.contrib.auth import get_user_model
from django.utils import timezone
from openpyxl import Workbook
from stdnum.cn import uscc

from accounts.models import Account
from accounts.roles import Role

from .importing import SPECS, import_rows, read_rows
from .models import DemandListing, District, Provider, Purchaser, ServiceDomain, SupplyListing

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "Gxpt-demo-2026")

# Two street offices or towns per district: real names, used as demo purchasers.
STREETS = {
    "黄浦区": ["南京东路街道", "打浦桥街道"],
    "徐汇区": ["天平路街道", "漕河泾街道"],
    "长宁区": ["华阳路街道", "新华路街道"],
    "静安区": ["静安寺街道", "彭浦新村街道"],
    "普陀区": ["长寿路街道", "真如镇街道"],
    "虹口区": ["四川北路街道", "欧阳路街道"],
    "杨浦区": ["长白新村街道", "五角场街道"],
    "闵行区": ["江川路街道", "莘庄镇"],
    "宝山区": ["友谊路街道", "大场镇"],
    "嘉定区": ["新成路街道", "安亭镇"],
    "浦东新区": ["陆家嘴街道", "张江镇"],
    "金山区": ["石化街道", "朱泾镇"],
    "松江区": ["岳阳街道", "泗泾镇"],
    "青浦区": ["夏阳街道", "朱家角镇"],
    "奉贤区": ["南桥镇", "奉浦街道"],
    "崇明区": ["城桥镇", "陈家镇"],
}

DISTRICT_DEPARTMENTS = ["民政局", "卫生健康委员会", "残疾人联合会"]
CITY_DEPARTMENTS = [
    "上海市民政局",
    "上海市残疾人联合会",
    "上海市妇女联合会",
    "上海市老龄工作委员会办公室",
]

# (name pattern, kind prefix, community type) — {d} is the district's short name.
PROVIDER_PATTERNS = [
    ("上海市{d}区乐龄社区养老服务中心", "52", ""),
    ("上海{d}阳光社会工作服务社", "52", ""),
    ("上海市{d}区心晴心理咨询服务中心", "52", ""),
    ("上海市{d}区绿色家园环保公益促进中心", "52", "charity"),
    ("上海市{d}区邻里守望志愿者协会", "51", "affairs"),
    ("上海{d}助残康复服务社", "52", ""),
    ("上海市{d}区青少年成长服务中心", "52", ""),
    ("上海市{d}区社区文化体育协会", "51", "culture"),
]

CITY_PROVIDERS = [
    ("上海市社会工作者协会", "51"),
    ("上海市慈善基金会浦江公益发展专项基金会", "53"),
    ("上海市人民调解协会", "51"),
    ("上海恩派公益组织发展中心", "52"),
    ("上海市阳光社区青少年事务中心", "52"),
    ("上海市老年基金会", "53"),
]


def make_credit_code(kind: str, district_code: str, sequence: int) -> str:
    body = f"{kind}{district_code}{sequence:09d}"
    return body + uscc.calc_check_digit(body)


def load(stdout=None) -> dict:
    rng = random.Random(20210624)  # fixed seed: the same demo data on every machine
    districts = {d.name: d for d in District.objects.all()}
    created = {"providers": 0, "purchasers": 0, "accounts": 0}

    for name in CITY_DEPARTMENTS:
        _p, new = Purchaser.objects.get_or_create(name=name, defaults={"level": "city"})
        created["purchasers"] += new
    for district_name, streets in STREETS.items():
        district = districts[district_name]
        for department in DISTRICT_DEPARTMENTS:
            full = f"上海市{district_name}{department}"
            _p, new = Purchaser.objects.get_or_create(
                name=full, defaults={"level": "district", "district": district}
            )
            created["purchasers"] += new
        for street in streets:
            suffix = "人民政府" if street.endswith("镇") else "办事处"
            _p, new = Purchaser.objects.get_or_create(
                name=f"{district_name}{street}{suffix}",
                defaults={
                    "level": "street",
                    "district": district,
                    "contact_person": "社区自治办",
                    "phone": f"021-{rng.randint(5000, 6999)}{rng.randint(1000, 9999)}",
                },
            )
            created["purchasers"] += new

    sequence = 0
    for district in districts.values():
        short = district.short_name
        for index, (pattern, kind, community_type) in enumerate(PROVIDER_PATTERNS):
            sequence += 1
            if (index + int(district.code[-2:])) % 3 == 0:
                continue  # not every pattern in every district
            name = pattern.format(d=short.removesuffix("新区"))
            _p, new = Provider.objects.get_or_create(
                name=name,
                defaults=_provider_defaults(rng, kind, district, sequence, community_type),
            )
            created["providers"] += new
    huangpu = districts["黄浦区"]
    for name, kind in CITY_PROVIDERS:
        sequence += 1
        defaults = _provider_defaults(rng, kind, huangpu, sequence, "")
        defaults["registration_level"] = "city"
        defaults["credit_code"] = make_credit_code(kind, "310000", sequence)
        _p, new = Provider.objects.get_or_create(name=name, defaults=defaults)
        created["providers"] += new

    created["accounts"] = load_accounts()
    created.update(load_listings())
    return created


# --- listings, imported through the bulk importer itself ------------------------------

DEMAND_COUNT = 1200
SUPPLY_COUNT = 1800
YEARS = [2023, 2024, 2025, 2026]
TODAY = datetime.date.today()
TITLE_FORMS = ["{place}{topic}项目", "{place}{topic}服务", "{topic}{kind}", "{place}{topic}{kind}"]
TITLE_KINDS = ["示范项目", "综合服务项目", "能力提升项目", "关爱行动", "品牌项目", "试点项目"]


def _title_topic(domain_name: str) -> str:
    """A domain's name as a project title uses it: 「其他」 entries read as 综合 (其他项目 says nothing)."""
    topic = domain_name.removesuffix("等")
    return "综合" if topic.startswith("其他") else topic


TARGETS = [
    "辖区高龄独居老人",
    "困难家庭及低保户",
    "社区青少年",
    "残疾人及其家庭",
    "外来务工人员子女",
    "社区居民",
    "退役军人及家属",
    "失能失智老人家庭照护者",
]
SURNAMES = "王李张刘陈杨黄周吴徐孙朱"
PROVIDER_REQUIREMENTS = [
    "依法登记的社会组织，评估等级3A及以上，近两年年检合格。",
    "具备专业社会工作者不少于3名，有同类项目经验。",
    "在本市登记满两年，未列入严重失信主体名单。",
]
RESULTS = [
    "服务覆盖居民两千余人次，受益对象满意度95%以上。",
    "建立社区志愿者队伍，形成可复制的服务模式。",
    "项目获评区级优秀公益项目，经验在全区推广。",
]


# Monitoring's demo (loaded later) adds deliberately faulty organizations with this mark;
# the rows below must not depend on whether they exist yet (a second run generates the
# same rows, so it finds them loaded and changes nothing).
FAULTY_MARK = "【监测演示】"


def ordinary(model):
    return model.objects.exclude(name__startswith=FAULTY_MARK)


def _demo_rows(rng, kind: str) -> list[dict]:
    """Deterministic rows keyed by the import template's headers."""

    domains = list(ServiceDomain.objects.classifiable().order_by("major", "minor"))
    districts = list(District.objects.order_by("code"))
    rows, seen = [], set()
    if kind == "demand":
        owners = list(ordinary(Purchaser).order_by("name").values_list("name", "district__name"))
        count = DEMAND_COUNT
    else:
        owners = list(
            ordinary(Provider).order_by("name").values_list("credit_code", "district__name")
        )
        count = SUPPLY_COUNT
    purchasers = list(ordinary(Purchaser).order_by("name").values_list("name", flat=True))
    providers = list(ordinary(Provider).order_by("name").values_list("name", flat=True))
    for n in range(count):
        owner, owner_district = owners[n % len(owners)]
        domain = rng.choice(domains)
        district = owner_district or rng.choice(districts).name
        year = rng.choice(YEARS)
        place = district.removesuffix("区").removesuffix("新") if rng.random() < 0.5 else "社区"
        title = rng.choice(TITLE_FORMS).format(
            place=place, topic=_title_topic(domain.name), kind=rng.choice(TITLE_KINDS)
        )
        # No doubled words where the topic starts with the place or ends with the form's word.
        title = title.replace("社区社区", "社区").replace("服务服务", "服务").replace("综合综合", "综合")
        while (owner, title, year) in seen:
            title += "（二期）"
        seen.add((owner, title, year))
        start = datetime.date(year, rng.randint(1, 6), 1)
        end = start + datetime.timedelta(days=rng.choice([180, 364, 729]))
        amount = rng.randrange(50_000, 1_500_000, 5_000)
        draft = rng.random() < 0.05
        row = {
            "项目名称": title,
            "业务领域": domain.code,
            "项目年度": year,
            "项目概述": f"围绕“{domain.name}”，为{rng.choice(TARGETS)}提供专业、持续的服务。",
            "服务对象": rng.choice(TARGETS),
            "实施区域": district,
            "实施开始日期": start.isoformat(),
            "实施结束日期": end.isoformat(),
            "联系人": rng.choice(SURNAMES) + rng.choice(["老师", "主任", "女士", "先生"]),
            "联系电话": f"021-{rng.randint(5000, 6999)}{rng.randint(1000, 9999)}",
            "发布状态": "草稿" if draft else "发布",
        }
        if kind == "demand":
            status = rng.choices(
                ["已发布", "已变更", "已取消", "已确定承接主体", "已完成绩效评价"],
                weights=[50, 5, 3, 22, 20],
            )[0]
            # A project whose period has ended was, in all but a few cases, contracted and
            # evaluated: the demo's monitoring queue shows tens of findings, not hundreds.
            if end < TODAY and status != "已取消" and rng.random() < 0.97:
                status = "已完成绩效评价"
            row.update(
                {
                    "购买主体": owner,
                    "预算金额（元）": amount,
                    "承接主体资质要求": rng.choice(PROVIDER_REQUIREMENTS),
                    "购买方式": rng.choice(
                        ["公开招标", "竞争性磋商", "竞争性谈判", "邀请招标", "单一来源采购"]
                    ),
                    "预算批复日期": (start - datetime.timedelta(days=45)).isoformat(),
                    "项目状态": status,
                }
            )
            if status in ("已确定承接主体", "已完成绩效评价"):
                row["承接社会组织"] = rng.choice(providers)
                row["合同金额（元）"] = int(amount * rng.uniform(0.85, 1.0))
                row["签约日期"] = (start - datetime.timedelta(days=10)).isoformat()
            if status == "已完成绩效评价":
                row["绩效评价结果"] = rng.choice(["优秀", "良好", "良好", "合格"])
                row["受益对象满意度（%）"] = round(rng.uniform(85, 99), 1)
                row["绩效评价日期"] = end.isoformat()
        else:
            row["社会组织统一社会信用代码"] = owner
            if rng.random() < 0.45:
                implemented = int(amount * rng.uniform(0.7, 1.0))
                row.update(
                    {
                        "曾承接政府购买服务": "是",
                        "购买主体": rng.choice(purchasers),
                        "项目总体金额（元）": amount,
                        "实施金额（元）": implemented,
                        "政府购买或资助金额（元）": int(implemented * rng.uniform(0.6, 1.0)),
                        "项目成效": rng.choice(RESULTS),
                    }
                )
            else:
                row["曾承接政府购买服务"] = "否"
        rows.append(row)
    return rows


def load_listings() -> dict:
    """Demo listings through the importer (a .xlsx for supply, a GB18030 .csv for demand)."""


    rng = random.Random(20210625)
    created = {}
    for kind, model in (("demand", DemandListing), ("supply", SupplyListing)):
        rows = _demo_rows(rng, kind)
        first = rows[0]
        if model.objects.filter(title=first["项目名称"], year=first["项目年度"]).exists():
            created[f"{kind}_listings"] = 0  # already loaded: the importer would refuse duplicates
            continue
        headers = [column.header for column in SPECS[kind].columns]
        table = [headers, *[[row.get(h, "") for h in headers] for row in rows]]
        if kind == "supply":
            workbook = Workbook(write_only=True)
            sheet = workbook.create_sheet()
            for record in table:
                sheet.append(record)
            buffer = io.BytesIO()
            workbook.save(buffer)
            file_format = "xlsx"
        else:
            text = io.StringIO()
            csv.writer(text).writerows(table)
            buffer = io.BytesIO(text.getvalue().encode("gb18030"))
            file_format = "csv"
        buffer.seek(0)
        report = import_rows(kind, read_rows(buffer, file_format))
        if not report.ok:
            problems = "; ".join(f"{p.row}/{p.column}: {p.message}" for p in report.problems[:5])
            raise RuntimeError(f"demo {kind} listings did not import: {problems}")
        created[f"{kind}_listings"] = report.created
        _published_when_approved(model, rng)
    return created


def _published_when_approved(model, rng) -> None:
    """Date the imported listings' publication as their owners would have: within a few days
    of the budget approval (demand) or of the project's start (supply), never in the future.

    The import itself publishes them all today, which would make every current-year demand
    a late publication and every purchaser late with its yearly plan.
    """

    now = timezone.now()
    listings = list(model.objects.only("pk", "period_start", "year").order_by("pk"))
    approvals = (
        dict(model.objects.values_list("pk", "budget_approved_on"))
        if model.__name__ == "DemandListing"
        else {}
    )
    for listing in listings:
        base = approvals.get(listing.pk) or listing.period_start or datetime.date(listing.year, 1, 1)
        moment = timezone.make_aware(
            datetime.datetime.combine(base + datetime.timedelta(days=rng.randint(2, 15)), datetime.time(10))
        )
        listing.first_published_at = listing.last_published_at = min(moment, now)
    model.objects.bulk_update(listings, ["first_published_at", "last_published_at"], batch_size=500)


def _provider_defaults(rng, kind, district, sequence, community_type):
    registered = datetime.date(2008, 1, 1) + datetime.timedelta(days=rng.randint(0, 5500))
    return {
        "credit_code": make_credit_code(kind, district.code, sequence),
        "registration_level": "district",
        "district": district,
        "registered_on": registered,
        "grade": rng.choice(["", "", "2A", "3A", "3A", "4A", "4A", "5A"]),
        "has_social_workers": rng.random() < 0.7,
        "community_type": community_type,
        "community_tier": "registered" if community_type else "",
        "summary": "扎根社区，为居民提供专业、持续的公益服务，承接过多项政府购买服务项目。",
        "contact_person": rng.choice(["王", "李", "张", "刘", "陈", "杨", "黄", "周"])
        + rng.choice(["老师", "主任", "女士", "先生"]),
        "phone": f"1{rng.choice('3589')}{rng.randint(100000000, 999999999)}",
        "email": f"contact{sequence}@example.org",
        "address": f"上海市{district.name}示范路{rng.randint(1, 999)}号",
    }


# One demo login per role: (username, display name, role, scope lookup).
DEMO_USERS = [
    ("admin", "平台", "运维", None, None),
    ("city_admin", "市民政局", "社会组织管理处", Role.CITY_ADMIN, None),
    ("huangpu_admin", "黄浦区民政局", "社会组织科", Role.DISTRICT_ADMIN, ("district", "黄浦区")),
    (
        "provider_demo",
        "阳光社工",
        "项目主管",
        Role.PROVIDER,
        ("provider", "上海黄浦阳光社会工作服务社"),
    ),
    (
        "purchaser_demo",
        "南京东路街道",
        "社区自治办",
        Role.PURCHASER,
        ("purchaser", "黄浦区南京东路街道办事处"),
    ),
    ("monitor_demo", "市社会组织服务中心", "监测员", Role.MONITOR, None),
    ("expert_demo", "评审", "专家", Role.EXPERT, None),
]


def load_accounts() -> int:
    User = get_user_model()
    lookups = {
        "district": lambda name: District.objects.get(name=name),
        "provider": lambda name: Provider.objects.get(name=name),
        "purchaser": lambda name: Purchaser.objects.get(name=name),
    }
    created = 0
    for username, last_name, first_name, role, scope in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username,
                password=DEMO_PASSWORD,
                email=f"{username}@example.org",
                first_name=first_name,
                last_name=last_name,
                is_superuser=role is None,
                is_staff=role is None,
            )
            created += 1
        if role is not None and not Account.objects.filter(user=user).exists():
            account = Account(user=user, role=role)
            if scope:
                setattr(account, scope[0], lookups[scope[0]](scope[1]))
            account.full_clean()
            account.save()
    return created


def demo_logins() -> list[tuple[str, str]]:
    return [
        (username, str(Role(role).label) if role else "超级管理员")
        for username, _l, _f, role, _s in DEMO_USERS
    ]
