"""Demo data of the catalog: sample providers and purchasers across districts, and one account per role.

Deterministic and idempotent: every record is looked up by its natural key and
only created when missing, so a second run changes nothing.
"""

import datetime
import os
import random

from django.contrib.auth import get_user_model
from stdnum.cn import uscc

from gxpt.roles import Role

from .models import Account, District, Provider, Purchaser

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
    return created


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
