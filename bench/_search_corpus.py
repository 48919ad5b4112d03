"""A generated corpus for the search benchmarks: providers, purchasers, listings, notice pages.

Listings are written with bulk_create (no signals, no per-row indexing); the
benchmarks index them explicitly, ours and the peer's, and time what they mean to.
"""

import datetime
import random

SERVICES = [
    ("2.1", "居家照护", "为高龄独居老人提供居家照护、助餐助浴和健康监测服务"),
    ("2.2", "失智老人关爱", "认知症筛查、家属照护培训和记忆门诊转介"),
    ("2.4", "养老机构托管", "社区养老设施的专业化运营和托管"),
    ("3.1", "残疾人康复", "残疾人社区康复训练与辅具适配"),
    ("3.4", "精神障碍社区康复", "慢性精神障碍患者的社区康复和家属支持"),
    ("4.1", "困境儿童关爱", "困境儿童的生活照料、学业辅导和心理支持"),
    ("4.3", "婚姻家庭辅导", "婚姻家庭矛盾调解与亲子关系辅导"),
    ("4.4", "社区托育", "社区嵌入式托育点的运营和早教指导"),
    ("5.1", "居民自治", "楼组自治、居民议事会培育与社区协商"),
    ("5.2", "法律援助", "社区法律咨询、普法宣传和人民调解"),
    ("6.1", "垃圾分类", "垃圾分类入户宣传、志愿者培训和定时定点督导"),
    ("7.1", "心理咨询", "社区心理咨询热线、危机干预和心理健康讲座"),
    ("8.2", "青少年服务", "青少年课后看护、社会实践和成长辅导"),
    ("9.1", "社会工作督导", "一线社工专业督导与能力建设培训"),
    ("1.1", "困难群体救助", "低保低收入家庭的生活救助和资源链接"),
]
PREFIXES = ["社区", "街镇", "全区", "片区", "楼宇", "园区"]
SUFFIXES = ["服务项目", "项目", "计划", "行动", "服务"]


def make_base(rng: random.Random, providers: int = 400, purchasers: int = 300):
    from catalog.demo import make_credit_code
    from catalog.models import District, Provider, Purchaser

    districts = list(District.objects.all())
    Provider.objects.bulk_create(
        [
            Provider(
                name=f"上海市{d.short_name}区{service[1]}服务中心{n}",
                credit_code=make_credit_code("52", d.code, 900000 + n),
                district=d,
                summary=f"专注{service[1]}：{service[2]}。",
            )
            for n in range(providers)
            for d in [districts[n % len(districts)]]
            for service in [SERVICES[n % len(SERVICES)]]
        ],
        ignore_conflicts=True,
    )
    Purchaser.objects.bulk_create(
        [
            Purchaser(
                name=f"{districts[n % 16].name}第{n}街道办事处",
                level="street",
                district=districts[n % 16],
            )
            for n in range(purchasers)
        ],
        ignore_conflicts=True,
    )


def make_listings(count: int, seed: int = 11, batch: int = 5000) -> None:
    from catalog.models import (
        DemandListing,
        District,
        Provider,
        Purchaser,
        ServiceDomain,
        SupplyListing,
    )

    rng = random.Random(seed)
    domains = {d.code: d for d in ServiceDomain.objects.all()}
    districts = list(District.objects.all())
    providers = list(Provider.objects.values_list("pk", flat=True))
    purchasers = list(Purchaser.objects.values_list("pk", flat=True))
    statuses = ["published", "changed", "contracted", "evaluated", "cancelled"]
    now = datetime.datetime.now(datetime.UTC)
    rows_demand, rows_supply = [], []
    for n in range(count):
        code, word, text = rng.choice(SERVICES)
        district = rng.choice(districts)
        title = f"{district.short_name}{rng.choice(PREFIXES)}{word}{rng.choice(SUFFIXES)}"
        common = dict(
            title=title,
            domain=domains[code],
            summary=f"{text}。项目编号{n}，覆盖{district.name}{rng.randint(2, 12)}个居委会。",
            service_targets=rng.choice(["老年人", "残疾人", "青少年", "社区居民", "困难家庭"]),
            district=district,
            year=rng.choice(range(2019, 2026)),
            live=True,
            first_published_at=now - datetime.timedelta(days=rng.randint(0, 2000)),
        )
        if n % 2:
            rows_demand.append(
                DemandListing(
                    purchaser_id=rng.choice(purchasers), status=rng.choice(statuses), **common
                )
            )
        else:
            rows_supply.append(SupplyListing(provider_id=rng.choice(providers), **common))
        if len(rows_demand) + len(rows_supply) >= batch:
            DemandListing.objects.bulk_create(rows_demand)
            SupplyListing.objects.bulk_create(rows_supply)
            rows_demand, rows_supply = [], []
    DemandListing.objects.bulk_create(rows_demand)
    SupplyListing.objects.bulk_create(rows_supply)


def make_notices(count: int, seed: int = 13) -> None:
    """Published policy/announcement pages under the site's index pages (treebeard, one by one)."""
    from gxpt.sitetree import ensure_site_tree
    from notices.models import AnnouncementIndexPage, AnnouncementPage, PolicyIndexPage, PolicyPage

    ensure_site_tree()
    rng = random.Random(seed)
    parents = [
        (PolicyIndexPage.objects.first(), PolicyPage),
        (AnnouncementIndexPage.objects.first(), AnnouncementPage),
    ]
    for n in range(count):
        parent, model = parents[n % 2]
        code, word, text = rng.choice(SERVICES)
        year = rng.choice(range(2015, 2026))
        page = model(
            title=f"关于加强{word}工作的通知（{year}年第{n}号）",
            slug=f"bench-notice-{n}",
            issuing_body=rng.choice(
                ["上海市民政局", "上海市社会组织服务中心", "上海市残疾人联合会"]
            ),
            document_number=f"沪民发〔{year}〕{n}号",
            issue_date=datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)),
            summary=f"{text}。",
            body=[
                {
                    "type": "paragraph",
                    "value": f"<p>各区民政局：为做好{word}工作，{text}，现将有关事项通知如下。</p>",
                }
            ],
            live=True,
        )
        parent.add_child(instance=page)
