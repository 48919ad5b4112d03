"""A small corpus of public and private records for the search tests."""

import datetime

from catalog.factories import ProviderFactory, PurchaserFactory, district
from catalog.models import DemandListing, ServiceDomain, SupplyListing
from notices.models import PolicyIndexPage, PolicyPage


def domain(code: str) -> ServiceDomain:
    return ServiceDomain.objects.get(code=code)


def demand(title, purchaser=None, code="2.1", year=2025, live=True, **fields) -> DemandListing:
    fields.setdefault("district", district("黄浦区"))
    return DemandListing.objects.create(
        title=title,
        purchaser=purchaser or PurchaserFactory(),
        domain=domain(code),
        year=year,
        live=live,
        **fields,
    )


def supply(title, provider=None, code="2.1", year=2025, live=True, **fields) -> SupplyListing:
    fields.setdefault("district", district("黄浦区"))
    return SupplyListing.objects.create(
        title=title,
        provider=provider or ProviderFactory(),
        domain=domain(code),
        year=year,
        live=live,
        **fields,
    )


def policy(title, body="", issue_date=datetime.date(2024, 3, 1), **fields) -> PolicyPage:
    parent = PolicyIndexPage.objects.first()
    page = PolicyPage(
        title=title,
        issuing_body=fields.pop("issuing_body", "上海市民政局"),
        issue_date=issue_date,
        body=[{"type": "paragraph", "value": f"<p>{body}</p>"}] if body else [],
        **fields,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def build():
    """Records with distinct words, so each test can name a clear winner."""
    elderly = ProviderFactory(name="上海市黄浦区乐龄社区养老服务中心", district=district("黄浦区"))
    mind = ProviderFactory(
        name="上海市徐汇区心晴心理咨询服务中心",
        district=district("徐汇区"),
        summary="为社区居民提供心理咨询与危机干预服务。",
    )
    green = ProviderFactory(
        name="上海市静安区绿色家园环保公益促进中心", district=district("静安区")
    )
    street = PurchaserFactory(name="黄浦区南京东路街道办事处")
    records = {
        "elderly": elderly,
        "mind": mind,
        "green": green,
        "care": demand(
            "社区居家照护服务项目",
            purchaser=street,
            code="2.1",
            year=2025,
            summary="为辖区高龄独居老人提供居家照护、助餐助浴服务。",
            status="published",
            contact_person="张三",
            phone="13900001111",
            email="private@example.org",
        ),
        "garbage": demand(
            "垃圾分类宣传指导项目",
            code="5.1",
            year=2024,
            district=district("静安区"),
            summary="开展垃圾分类入户宣传和志愿者培训。",
            status="contracted",
        ),
        "counselling": supply(
            "青少年心理咨询服务",
            provider=mind,
            code="4.1",
            year=2025,
            district=district("徐汇区"),
            summary="面向困境儿童和青少年的心理咨询与家庭辅导。",
        ),
        "daycare": supply(
            "老年人日间照料服务",
            provider=elderly,
            code="2.1",
            year=2023,
            summary="日间照料、康复训练与文体活动。",
        ),
        "draft": demand("无障碍出行改造需求", code="3.1", live=False, summary="草稿"),
        "policy": policy(
            "上海市政府购买社会组织服务供需对接平台管理和使用办法（试行）",
            body="承接主体应当在平台发布服务项目信息，推荐目录每年编制一次。",
        ),
    }
    return records


def build_realistic():
    """Listings written the way people write them: titles that do not repeat the domain name,
    places at street level, everyday words. Each test names a clear winner."""
    yangpu, huangpu, xuhui = district("杨浦区"), district("黄浦区"), district("徐汇区")
    leling = ProviderFactory(name="上海市杨浦区乐龄家园为老服务中心", district=yangpu)
    harmony = ProviderFactory(name="上海市徐汇区和睦邻里调解服务社", district=xuhui)
    return {
        "leling": leling,
        "harmony": harmony,
        # found by its domain (6.10 社区服务设施托管) though its text never says so
        "station": demand(
            "五角场街道市民驿站运营项目",
            code="6.10",
            district=yangpu,
            place="杨浦区五角场街道政通路",
            summary="委托专业机构运营市民驿站，开放时间每天不少于十小时。",
            status="published",
        ),
        # 「杨浦 助餐」: the district only as a district, the service in the text
        "meals": supply(
            "长者午间送餐服务",
            provider=leling,
            code="2.1",
            district=yangpu,
            summary="为辖区高龄老人配送午餐，开设社区助餐点。",
        ),
        "meals_elsewhere": supply(
            "社区助餐点运营",
            code="2.1",
            district=huangpu,
            summary="老年助餐点日常运营与膳食管理。",
        ),
        "yangpu_other": demand(
            "控江路街道垃圾分类宣传",
            code="6.6",
            district=yangpu,
            summary="入户宣传干湿分类。",
            status="published",
        ),
        # an exact title and its second phase
        "phase1": supply(
            "乐龄家园长者照护之家运营（一期）",
            provider=leling,
            code="2.1",
            district=yangpu,
            summary="日间照料与短期托养。",
        ),
        "phase2": supply(
            "乐龄家园长者照护之家运营（二期）",
            provider=leling,
            code="2.1",
            district=yangpu,
            year=2026,
            summary="在一期基础上增加认知症照护床位。",
        ),
        "ai": supply(
            "AI助老智慧屏进社区",
            code="2.1",
            district=xuhui,
            summary="为独居老人安装智能屏，一键呼叫。",
        ),
        # everyday words for official terms
        "elderly": demand(
            "老人健康讲座",
            code="7.4",
            district=xuhui,
            summary="面向社区老人的健康知识讲座。",
            status="published",
        ),
        "children": supply(
            "困境儿童课后陪伴",
            code="4.1",
            district=xuhui,
            summary="为困境儿童提供课后学业辅导与陪伴。",
        ),
        "disputes": supply(
            "楼组纠纷调解工作坊",
            provider=harmony,
            code="12.4",
            district=xuhui,
            summary="化解邻里纠纷，培训楼组长调解技巧。",
        ),
        "disability": demand(
            "残疾人居家康复指导",
            code="3.1",
            district=huangpu,
            summary="上门为残疾人提供康复训练指导。",
            status="published",
        ),
    }
