"""Demo data of the nominations: last year's published directory and this year's round in every status.

Runs after the catalog demo (providers, purchasers, accounts). Idempotent: each
step looks for what it would create and does nothing when it is there.

- Last year's round: its directory, imported as history (one row per
  application saying so), published with its notice; it stays online.
- This year's round, windows around today so every screen can be tried:
  last year's entries carried over as 「原有」 (submitted), and new applications
  walked through the transition table by real demo users into each of the
  seven statuses, with opinions, notifications and history.
"""

import datetime
import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image, ImageDraw
from wagtail.log_actions import log

from accounts.models import Account
from accounts.roles import Role
from catalog.demo import DEMO_PASSWORD
from catalog.models import Provider, ServiceDomain, SupplyListing

from . import rounds
from .models import Application, ExpertReview, Origin, RereviewResult, Round, Status
from .notifications import notify_assignment
from .workflow import Action, perform

FORM_PATH = "nominations/forms/demo/recommendation-form.png"

# Projects the demo providers put forward: (title, domain code).
PROJECTS = [
    ("“银龄守护”独居老人关爱计划", "2.3"),
    ("社区认知症友好家园建设", "2.2"),
    ("困境儿童“成长伙伴”陪伴项目", "4.1"),
    ("居民区自治共治能力提升", "5.1"),
    ("“心晴驿站”社区心理服务", "6.2"),
    ("垃圾分类社区动员与督导", "6.6"),
    ("残疾人社区融入“同行”计划", "3.2"),
    ("社区健康自我管理小组", "7.4"),
    ("青年就业创业指导工作坊", "8.1"),
    ("社区公益项目策划与孵化", "10.5"),
    ("老旧小区加装电梯协商调处", "12.2"),
    ("人民调解进社区", "12.4"),
    ("困难家庭“微心愿”帮扶", "1.1"),
    ("社区应急安全训练营", "11.1"),
    ("群众文体团队培育", "9.3"),
    ("志愿者招募与服务管理", "10.1"),
]


def load(stdout=None) -> dict:
    today = timezone.localdate()
    counts = {"rounds": 0, "applications": 0, "directory_pages": 0}
    providers = list(
        Provider.objects.filter(registration_level="district", is_seriously_dishonest=False)
        .select_related("district")
        .order_by("district__code", "name")
    )
    if not providers:
        return counts
    users = _demo_users()
    last = _last_year_round(today.year - 1, counts)
    if not last.applications.exists():
        _last_year_directory(last, providers, users, counts)
    current = _current_round(today, counts)
    if not current.applications.exists():
        counts["applications"] += rounds.carry_over(current)
        _current_applications(current, users, today, counts)
    return counts


def _demo_users():
    User = get_user_model()
    return {
        name: User.objects.filter(username=name).first()
        for name in (
            "city_admin",
            "huangpu_admin",
            "provider_demo",
            "monitor_demo",
            "expert_demo",
            "admin",
        )
    }


def _form_file() -> str:
    """A stamped-form image (a red seal on white) stored once and shared by the demo applications."""
    if not default_storage.exists(FORM_PATH):
        image = Image.new("RGB", (620, 877), "white")
        draw = ImageDraw.Draw(image)
        for y in range(90, 700, 46):
            draw.line((60, y, 560, y), fill=(190, 190, 190), width=2)
        draw.ellipse((380, 640, 540, 800), outline=(200, 30, 30), width=8)
        draw.polygon(
            [
                (460, 690),
                (472, 722),
                (505, 722),
                (478, 742),
                (488, 775),
                (460, 755),
                (432, 775),
                (442, 742),
                (415, 722),
                (448, 722),
            ],
            fill=(200, 30, 30),
        )
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        default_storage.save(FORM_PATH, ContentFile(buffer.getvalue()))
    return FORM_PATH


def _dates(start: datetime.date) -> dict:
    day = datetime.timedelta(days=1)
    return {
        "self_nomination_start": start,
        "self_nomination_end": start + 29 * day,
        "first_review_end": start + 56 * day,
        "rereview_end": start + 67 * day,
        "notice_start": start + 68 * day,
        "notice_end": start + 74 * day,
        "publication_by": start + 97 * day,
    }


def _last_year_round(year, counts) -> Round:
    round_, created = Round.objects.get_or_create(
        year=year, defaults=_dates(datetime.date(year, 6, 25))
    )
    counts["rounds"] += created
    return round_


def _current_round(today, counts) -> Round:
    round_, created = Round.objects.get_or_create(
        year=today.year, defaults=_dates(today - datetime.timedelta(days=20))
    )
    counts["rounds"] += created
    return round_


def _listing(provider, index: int) -> SupplyListing:
    """A published supply listing of the provider: an existing one, or a demo one made here."""
    taken = set(Application.objects.filter(provider=provider).values_list("listing_id", flat=True))
    existing = (
        SupplyListing.objects.public()
        .filter(provider=provider)
        .exclude(pk__in=taken)
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    title, code = PROJECTS[index % len(PROJECTS)]
    listing, _created = SupplyListing.objects.get_or_create(
        provider=provider,
        title=title,
        defaults={
            "domain": ServiceDomain.objects.get(code=code),
            "summary": f"{provider.name}在社区持续开展的{title}。",
            "service_targets": "社区居民",
            "district": provider.district,
            "place": f"上海市{provider.district.name}",
            "year": timezone.localdate().year - 1,
            "period_start": datetime.date(2022, 3, 1),
            "period_end": datetime.date(2024, 12, 31),
            "purchased_before": True,
            "purchaser_name": f"上海市{provider.district.name}民政局",
            "total_amount": Decimal("360000"),
            "implemented_amount": Decimal("340000"),
            "government_amount": Decimal("300000"),
            "results": "覆盖 6 个居民区，服务 2400 余人次，购买主体绩效评价为优秀。",
            "live": True,
        },
    )
    return listing


def _application(round_, provider, index, **extra) -> Application:
    listing = _listing(provider, index)
    application = Application(
        round=round_,
        provider=provider,
        listing=listing,
        title=listing.title,
        domain_id=listing.domain_id,
        purchaser_name=listing.purchaser_display or f"上海市{provider.district.name}民政局",
        total_amount=listing.total_amount or Decimal("300000"),
        implemented_amount=listing.implemented_amount or Decimal("280000"),
        government_amount=listing.government_amount or Decimal("250000"),
        period_start=listing.period_start or datetime.date(2022, 1, 1),
        period_end=listing.period_end or datetime.date(2024, 12, 31),
        two_years_or_more=True,
        results=listing.results or "项目运作规范，受益对象满意度高。",
        recommendation_form=_form_file(),
        **extra,
    )
    application.save()
    return application


def _last_year_directory(round_, providers, users, counts):
    """Last year's directory, imported as history and published (it stays online)."""
    # provider_demo's organization is left out, so this year it can nominate twice itself.
    demo_org = Provider.objects.filter(accounts__user=users["provider_demo"]).first()
    providers = [p for p in providers if p != demo_org]
    chosen = providers[:: max(1, len(providers) // 16)][:16]
    for index, provider in enumerate(chosen):
        application = _application(
            round_,
            provider,
            index,
            status=Status.CITY_APPROVED,
            rereview_result=RereviewResult.PASSED,
            submitted_at=timezone.make_aware(datetime.datetime(round_.year, 7, 10, 10, 0)),
        )
        log(
            application,
            "nominations.import",
            data={
                "action": "import",
                "actor": "system",
                "from": "",
                "to": Status.CITY_APPROVED,
                "opinion": "历史数据导入：已列入该年度推荐目录",
            },
        )
        counts["applications"] += 1
    city = users["city_admin"]
    after = round_.publication_by
    round_.refresh_from_db()
    rounds.publish_notice(round_, city, today=round_.notice_start)
    rounds.publish_directory(round_, city, today=after)
    counts["directory_pages"] += 1


def _provider_user(provider):
    """The provider's own login (provider_demo for its organization, org-<code> for the others)."""
    account = (
        Account.objects.filter(role=Role.PROVIDER, provider=provider).select_related("user").first()
    )
    if account:
        return account.user
    User = get_user_model()
    user = User.objects.create_user(
        username=f"org-{provider.credit_code.lower()}",
        password=DEMO_PASSWORD,
        email=provider.email or "",
        last_name=provider.name[:150],
    )
    account = Account(user=user, role=Role.PROVIDER, provider=provider)
    account.full_clean()
    account.save()
    return user


# Where each new application of this year's round ends: the steps it takes, in order.
WALKS = {
    Status.SAVED: [],
    Status.SUBMITTED: [("provider", Action.SUBMIT, "")],
    Status.DISTRICT_RETURNED: [
        ("provider", Action.SUBMIT, ""),
        ("district", Action.RETURN, "请补充购买主体出具的绩效评价报告。"),
    ],
    Status.DISTRICT_APPROVED: [
        ("provider", Action.SUBMIT, ""),
        ("district", Action.APPROVE, "材料齐全，年检合格，同意推荐。"),
    ],
    Status.CITY_RETURNED: [
        ("provider", Action.SUBMIT, ""),
        ("district", Action.APPROVE, "同意推荐。"),
        ("city", Action.RETURN, "实施金额与合同金额不一致，请区民政局核实。"),
    ],
    Status.CITY_APPROVED: [
        ("provider", Action.SUBMIT, ""),
        ("district", Action.APPROVE, "同意推荐。"),
        ("city", Action.APPROVE, "同意列入推荐名单，进入复审。"),
    ],
    Status.REFUSED: [
        ("provider", Action.SUBMIT, ""),
        ("district", Action.REFUSE, "项目不属于政府购买服务范围，不予推荐。"),
    ],
}

CITY_WALKS = {
    Status.SUBMITTED: [("provider", Action.SUBMIT, "")],
    Status.CITY_RETURNED: [
        ("provider", Action.SUBMIT, ""),
        ("city", Action.RETURN, "请上传购买主体盖章的推荐意见表原件扫描件。"),
    ],
    Status.CITY_APPROVED: [
        ("provider", Action.SUBMIT, ""),
        ("city", Action.APPROVE, "同意推荐。"),
    ],
}


def _current_applications(round_, users, today, counts):
    huangpu = list(
        Provider.objects.filter(
            district__name="黄浦区", registration_level="district", is_seriously_dishonest=False
        ).order_by("name")
    )
    city_registered = list(Provider.objects.filter(registration_level="city").order_by("name"))
    demo_org = Provider.objects.filter(accounts__user=users["provider_demo"]).first()
    taken = {pk for pk in round_.applications.values_list("provider_id", flat=True)}
    others = [p for p in huangpu if p != demo_org and p.pk not in taken]
    plan = []
    if demo_org:
        plan += [(demo_org, Status.DISTRICT_RETURNED, WALKS), (demo_org, Status.SAVED, WALKS)]
    statuses = [
        Status.SUBMITTED,
        Status.DISTRICT_APPROVED,
        Status.CITY_RETURNED,
        Status.CITY_APPROVED,
        Status.REFUSED,
        Status.CITY_APPROVED,
        Status.SUBMITTED,
    ]
    for index, status in enumerate(statuses):
        if others:
            plan.append((others[(index // 2) % len(others)], status, WALKS))
    for index, status in enumerate(CITY_WALKS):
        if city_registered:
            plan.append((city_registered[index % len(city_registered)], status, CITY_WALKS))
    actors = {"district": users["huangpu_admin"], "city": users["city_admin"]}
    for index, (provider, status, walks) in enumerate(plan):
        if round_.applications.filter(provider=provider).count() >= Application.MAX_PER_PROVIDER:
            continue
        application = _application(round_, provider, index + 3, origin=Origin.NEW)
        provider_user = _provider_user(provider)
        log(
            application,
            "nominations.create",
            user=provider_user,
            data={"action": "create", "actor": "provider", "from": "", "to": Status.SAVED},
        )
        for who, action, opinion in walks[status]:
            user = provider_user if who == "provider" else actors[who]
            perform(application, user, action, opinion, today=today)
        counts["applications"] += 1
    approved = round_.applications.filter(status=Status.CITY_APPROVED).order_by("pk").first()
    if approved and users["expert_demo"]:
        review, created = ExpertReview.objects.get_or_create(
            application=approved,
            expert=users["expert_demo"],
            defaults={"assigned_by": users["monitor_demo"]},
        )
        if created:
            notify_assignment(review)
