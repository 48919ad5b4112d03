"""Demo data of monitoring: clearly marked problem listings that trip every rule, a public report,
messages on the board (answered and pending), and a flag whose correction window has passed.

Idempotent: records are looked up by their marked titles; the rule run never
duplicates an open flag, so a second load changes nothing.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from catalog.demo import make_credit_code
from catalog.models import (
    DemandListing,
    District,
    Provider,
    Purchaser,
    ServiceDomain,
    SupplyListing,
)

from . import objections
from .actions import perform, set_hidden
from .engine import run_all
from .models import ActionKind, Flag, FlagAction, Message, MessageStatus, Report
from .views import _flag_for_report

MARK = "【监测演示】"
SUMMARY = (
    "为社区高龄独居老人提供助餐和送餐服务，每周五天，配备专职送餐员和营养师，建立老人健康档案。"
)


def _provider(name, code, dishonest=False):
    huangpu = District.objects.get(name="黄浦区")
    provider, _new = Provider.objects.get_or_create(
        name=name,
        defaults={
            "credit_code": code,
            "district": huangpu,
            "registration_level": "district",
            "is_seriously_dishonest": dishonest,
            "summary": "演示用机构，用于展示内容监测规则。",
            "phone": "021-63210000",
        },
    )
    return provider


def _common(domain, **fields):
    today = timezone.localdate()
    values = {
        "domain": domain,
        # Last year's records: below the current year's on the boards.
        "year": today.year - 1,
        "summary": SUMMARY,
        "service_targets": "高龄独居老人",
        "district": District.objects.get(name="黄浦区"),
        "period_start": datetime.date(today.year - 1, 1, 1),
        "period_end": datetime.date(today.year - 1, 12, 31),
        "contact_person": "王老师",
        "phone": "021-63211234",
    }
    values.update(fields)
    return values


def _publish(model, title, published_on=None, **fields):
    listing = model.objects.filter(title=title).first()
    if listing is not None:
        return listing, False
    listing = model(title=title, **fields)
    listing.save()
    # The faulty records stand for data older than the listing's rules (clean()
    # would refuse e.g. the contradicting amounts): published past them.
    listing.save_revision(clean=False).publish()
    # Published months ago, like the records around them: they must not head the boards.
    day = published_on or timezone.localdate() - datetime.timedelta(days=300)
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    model.objects.filter(pk=listing.pk).update(first_published_at=when, last_published_at=when)
    listing.first_published_at = listing.last_published_at = when
    return listing, True


LATE_PUBLISHED = datetime.date(datetime.date.today().year - 1, 10, 15)


def problem_listings() -> int:
    domain = ServiceDomain.objects.get(code="2.1")
    today = timezone.localdate()
    sunshine = (
        Provider.objects.filter(name="上海黄浦阳光社会工作服务社").first()
        or Provider.objects.first()
    )
    street = (
        Purchaser.objects.filter(name="黄浦区南京东路街道办事处").first()
        or Purchaser.objects.first()
    )
    dishonest = _provider(
        f"{MARK}上海市某失信社会服务中心", make_credit_code("52", "310101", 990001), dishonest=True
    )
    company = _provider(f"{MARK}上海某养老服务有限公司", make_credit_code("91", "310101", 990002))
    supply = [
        ("缺少项目概述的服务项目", sunshine, {"summary": ""}),
        (
            "缺少建议信息的服务项目",
            sunshine,
            {"district": None, "period_start": None, "period_end": None, "service_targets": ""},
        ),
        (
            "含个人信息的服务项目",
            sunshine,
            {
                "summary": "报名请联系王老师13912345678，或发邮件至 wanglaoshi@163.com；服务对象张某身份证11010519491231002X。"
            },
        ),
        (
            "用语夸大的服务项目",
            sunshine,
            {
                "summary": "我们是全市最专业的养老服务机构，获评国家级示范项目。第一季度已服务300人。"
            },
        ),
        (
            "金额矛盾的服务项目",
            sunshine,
            {
                "purchased_before": True,
                "purchaser_name": "黄浦区南京东路街道办事处",
                "total_amount": Decimal(200000),
                "implemented_amount": Decimal(260000),
                "government_amount": Decimal(180000),
                "results": "服务老人120名，满意度95%。",
            },
        ),
        ("长者助餐服务项目", sunshine, {}),
        ("长者助餐服务项目（重复）", sunshine, {"summary": SUMMARY.replace("五天", "5天")}),
        ("失信机构发布的服务项目", dishonest, {}),
        ("非民政登记机构发布的服务项目", company, {}),
    ]
    demand = [
        (
            "预算批复后逾期发布的需求",
            {
                # Last year's project, published that year 45 days after its budget approval
                # (a current-year one would be the newest record on the board).
                "published_on": LATE_PUBLISHED,
                "budget_approved_on": LATE_PUBLISHED - datetime.timedelta(days=45),
            },
        ),
        (
            "未补录承接主体和评价结果的需求",
            {
                "status": "contracted",
                "year": today.year - 1,
                "period_start": datetime.date(today.year - 1, 1, 1),
                "period_end": datetime.date(today.year - 1, 12, 31),
            },
        ),
    ]
    created = 0
    for title, provider, fields in supply:
        _listing, new = _publish(
            SupplyListing, MARK + title, **_common(domain, provider=provider, **fields)
        )
        created += new
    for title, fields in demand:
        values = _common(
            domain,
            purchaser=street,
            budget=Decimal(150000),
            purchase_method="open_tender",
            provider_requirements="具有社会工作专业人员",
            budget_approved_on=today - datetime.timedelta(days=10),
        )
        values.update(fields)
        _listing, new = _publish(DemandListing, MARK + title, **values)
        created += new
    return created


def public_report() -> int:
    listing = SupplyListing.objects.filter(title=f"{MARK}用语夸大的服务项目").first()
    if (
        listing is None
        or Report.objects.filter(object_id=listing.pk, text__startswith=MARK).exists()
    ):
        return 0

    report = Report(
        content_type=ContentType.objects.get_for_model(SupplyListing),
        object_id=listing.pk,
        reason="false",
        text=f"{MARK}该机构并未获得所称的“国家级示范项目”。",
        client_key="demo",
    )
    report.flag = _flag_for_report(listing, report)
    report.save()
    return 1


def overdue_correction() -> int:
    """The absolute-claim flag: correction asked, window passed, ready for the monitor to confirm."""
    monitor = get_user_model().objects.filter(username="monitor_demo").first()
    flag = Flag.objects.filter(
        rule="claims.absolute", target_label=f"{MARK}用语夸大的服务项目", status="open"
    ).first()
    if flag is None or flag.correction_deadline:
        return 0
    asked = timezone.localdate() - datetime.timedelta(days=15)
    flag.correction_deadline = asked + datetime.timedelta(days=10)
    flag.save(update_fields=["correction_deadline"])
    FlagAction.objects.create(
        flag=flag,
        kind=ActionKind.REQUEST_CORRECTION,
        opinion="请删除“全市最专业”等绝对化用语，或提供证明材料。",
        actor=monitor,
        deadline=flag.correction_deadline,
    )
    return 1


def pending_objection() -> int:
    """The amounts flag: correction asked, and the provider's objection to it waiting for the
    centre's answer (an objection to a correction request creates no credit record)."""
    users = get_user_model().objects
    monitor = users.filter(username="monitor_demo").first()
    provider = users.filter(username="provider_demo").first()
    flag = Flag.objects.filter(
        rule="amounts.contradiction", target_label=f"{MARK}金额矛盾的服务项目", status="open"
    ).first()
    if monitor is None or provider is None or flag is None or flag.objections.exists():
        return 0
    perform(
        flag,
        "request_correction",
        monitor,
        "实施金额高于项目总金额，请核对后修改，或说明理由。",
        timezone.localdate() + datetime.timedelta(days=10),
    )
    objections.submit(
        provider,
        "objection",
        "实施金额中含区级追加的配套资金6万元（见补充协议），项目总金额应为26万元，"
        "系填报时未同步更新总金额，并非夸大服务成果。",
        flag=flag,
    )
    return 1


MESSAGES = [
    (
        "市民李女士",
        "如何找到本区的助餐服务？",
        "家里老人需要助餐，请问在平台上怎么查？",
        "可在“我要提供服务”栏目按业务领域“养老服务”和所在区筛选，也可拨打962200咨询。",
    ),
    (
        "某社工机构",
        "推荐目录何时开始申报？",
        "今年的推荐目录什么时候开始自荐？",
        "以市民政局当年通知为准，一般在6月下旬开始，请关注“公示公告”栏目。",
    ),
    ("匿名", "建议增加项目地图", "希望能按街道在地图上看到项目。", ""),
]


def board_messages() -> int:
    created = 0
    for name, subject, text, answer in MESSAGES:
        _m, new = Message.objects.get_or_create(
            subject=subject,
            defaults={
                "name": name,
                "text": text,
                "client_key": "demo",
                "answer": answer,
                "status": MessageStatus.ANSWERED if answer else MessageStatus.PENDING,
                "answered_at": timezone.now() if answer else None,
            },
        )
        created += new
    return created


def load(stdout=None) -> dict:
    listings = problem_listings()
    today = timezone.localdate()
    # Before May the yearly plan is not due yet: show last year's finding instead.
    plan_day = (
        today if (today.month, today.day) > (4, 30) else datetime.date(today.year - 1, 12, 31)
    )
    counts = run_all(today=plan_day)
    created_flags = sum(c.get("created", 0) for c in counts.values())
    return {
        "problem_listings": listings,
        "flags": created_flags,
        "reports": public_report(),
        "corrections": overdue_correction(),
        "objections": pending_objection(),
        "hidden": hide_personal_data(),
        "messages": board_messages(),
    }


def hide_personal_data() -> int:
    """The centre has already taken the record with personal data off the public site."""

    listing = SupplyListing.objects.filter(
        title=f"{MARK}含个人信息的服务项目", hidden_at__isnull=True
    ).first()
    if listing is None:
        return 0
    set_hidden(listing, True, "含身份证号、私人手机号等个人信息，整改前不对公众展示。")
    return 1
