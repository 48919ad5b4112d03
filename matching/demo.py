"""Demo data of matching: fresh demand listings that fit the demo provider, its alerts,
a saved search and a follow, and the demo purchaser's yearly plan (拟购买: one item
followed, one opened after its budget approval), so every matching screen has something
to show.

Runs after the search demo (the index is there). Idempotent: the listings are looked
up by title, the saved search and the follow by their natural keys, and the alert runs
record what they sent (a second run sends nothing).
"""

import datetime
from collections import Counter
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from catalog import planning
from catalog.models import (
    DemandListing,
    District,
    Provider,
    Purchaser,
    ServiceDomain,
    SupplyListing,
)
from catalog.models.listings import DemandStatus
from search import indexing

from . import alerts
from .models import Follow, Frequency, SavedSearch, Target

PROVIDER = "上海黄浦阳光社会工作服务社"
PURCHASER = "黄浦区南京东路街道办事处"

# (title, service targets, days until the deadline): the demo purchaser's new needs.
LISTINGS = [
    ("南京东路街道高龄独居老人居家照护服务", "辖区80岁以上独居老人", 2),
    ("南京东路街道社区综合为老服务项目", "社区老年居民及家庭照护者", 20),
    ("南京东路街道困境家庭社工陪伴服务", "困难家庭及低保户", 30),
]

# The purchaser's yearly plan (拟购买, `001` art. 4(3)): (title, service targets, estimated
# budget). The demo provider follows the first and the last; the last is opened (budget
# approved), so its followers are told.
PLANS = [
    ("南京东路街道社区心理健康服务（年度计划）", "社区居民及高压力职业人群", 200000),
    ("南京东路街道老年认知障碍友好社区建设（年度计划）", "社区老年居民及照护者", 350000),
    ("南京东路街道青少年暑期托管服务（年度计划）", "辖区双职工家庭子女", 150000),
]


def _plan_year(today) -> int:
    """The year the demo plan is for: this year until 30 April, else next year's, early."""
    return today.year if (today.month, today.day) <= (4, 30) else today.year + 1


def _load_plans(purchaser, purchaser_user, provider_user, domain, district, now) -> dict:
    today = timezone.localdate(now)
    counts = {"plans": 0, "opened_plans": 0}
    plans = []
    for title, targets, budget in PLANS:
        listing, new = DemandListing.objects.get_or_create(
            title=title,
            purchaser=purchaser,
            defaults={
                "status": DemandStatus.PLANNED,
                "domain": domain,
                "district": district,
                "place": "黄浦区南京东路街道",
                "year": _plan_year(today),
                "summary": f"列入本街道年度购买服务计划，面向{targets}，预算批复后开放对接。",
                "service_targets": targets,
                "budget": budget,
                "contact_person": "社区自治办",
                "phone": "021-63210000",
                "email": "zizhi@example.org",
                "live": True,
                "first_published_at": now,
                "last_published_at": now,
            },
        )
        counts["plans"] += new
        plans.append(listing)
    indexing.process([f"demand:{listing.pk}" for listing in plans])
    for followed in (plans[0], plans[-1]):
        Follow.objects.get_or_create(
            user=provider_user,
            target=Target.DEMAND,
            object_id=followed.pk,
            defaults={"label": followed.title},
        )
    # The fitting providers hear of the plans first, then of the opening.
    counts["plan_alerts"] = alerts.send_new_listing_alerts()
    opened = plans[-1]
    if opened.is_planned:
        planning.open_plan(
            opened,
            purchaser_user,
            budget=Decimal(PLANS[-1][2]),
            budget_approved_on=today - datetime.timedelta(days=2),
            purchase_method="competitive_consultation",
            response_deadline=today + datetime.timedelta(days=25),
        )
        indexing.process([f"demand:{opened.pk}"])
        counts["opened_plans"] += 1
    return counts


def _domain_of(provider) -> ServiceDomain:
    """The demo provider's commonest domain among its published listings (2.1 if none)."""
    counts = Counter(
        SupplyListing.objects.public().filter(provider=provider).values_list("domain_id", flat=True)
    )
    if counts:
        return ServiceDomain.objects.get(pk=counts.most_common(1)[0][0])
    return ServiceDomain.objects.get(code="2.1")


def load(stdout=None) -> dict:
    provider = Provider.objects.filter(name=PROVIDER).first()
    purchaser = Purchaser.objects.filter(name=PURCHASER).first()
    users = get_user_model().objects
    provider_user = users.filter(username="provider_demo").first()
    purchaser_user = users.filter(username="purchaser_demo").first()
    if not (provider and purchaser and provider_user and purchaser_user):
        return {"listings": 0}
    counts = {"listings": 0, "saved_searches": 0, "follows": 0}
    huangpu = District.objects.get(name="黄浦区")
    domain = _domain_of(provider)
    if not SupplyListing.objects.public().filter(provider=provider).exists():
        SupplyListing.objects.get_or_create(
            provider=provider,
            title="黄浦区长者居家照护服务",
            defaults={
                "domain": domain,
                "district": huangpu,
                "year": timezone.localdate().year,
                "live": True,
                "summary": "为辖区老人提供居家照护。",
            },
        )

    # The purchaser's saved search first: it hears of listings published after it.
    _search, new = SavedSearch.objects.get_or_create(
        user=purchaser_user,
        name="社区为老服务",
        defaults={"query": "老人", "district": huangpu, "frequency": Frequency.DAILY},
    )
    counts["saved_searches"] += new
    _search, new = SavedSearch.objects.get_or_create(
        user=provider_user,
        name="黄浦区的新需求",
        defaults={"query": "", "domain": domain.parent or domain, "frequency": Frequency.IMMEDIATE},
    )
    counts["saved_searches"] += new

    today = timezone.localdate()
    now = timezone.now()
    created = []
    for title, targets, days in LISTINGS:
        listing, new = DemandListing.objects.get_or_create(
            title=title,
            purchaser=purchaser,
            defaults={
                "domain": domain,
                "district": huangpu,
                "place": "黄浦区南京东路街道",
                "year": today.year,
                "summary": f"面向{targets}，由承接的社会组织提供专业服务。",
                "service_targets": targets,
                "budget": 300000,
                "purchase_method": "competitive_consultation",
                "budget_approved_on": today - datetime.timedelta(days=5),
                "response_deadline": today + datetime.timedelta(days=days),
                "period_start": today + datetime.timedelta(days=days + 15),
                "period_end": today + datetime.timedelta(days=days + 380),
                "provider_requirements": "依法登记的社会组织，配备专业社会工作者。",
                "contact_person": "社区自治办",
                "phone": "021-63210000",
                "email": "zizhi@example.org",
                "live": True,
                "first_published_at": now,
                "last_published_at": now,
            },
        )
        counts["listings"] += new
        if new:
            created.append(listing)
    # Into the search index now (the saved searches below search it in this transaction).
    indexing.process([f"demand:{listing.pk}" for listing in created])

    # The demo provider follows its best-fitting listing; the purchaser then changes it.
    followed = DemandListing.objects.get(title=LISTINGS[1][0], purchaser=purchaser)
    _follow, new = Follow.objects.get_or_create(
        user=provider_user,
        target=Target.DEMAND,
        object_id=followed.pk,
        defaults={"label": followed.title},
    )
    counts["follows"] += new
    if followed.status == DemandStatus.PUBLISHED:
        followed.status = DemandStatus.CHANGED
        followed.save()

    counts.update(_load_plans(purchaser, purchaser_user, provider_user, domain, huangpu, now))

    counts["new_listing_alerts"] = alerts.send_new_listing_alerts()
    counts["deadline_reminders"] = alerts.send_deadline_reminders()
    counts["saved_search_alerts"] = alerts.run_saved_searches(Frequency.IMMEDIATE) + (
        alerts.run_saved_searches(Frequency.DAILY)
    )
    return counts
