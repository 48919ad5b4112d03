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
