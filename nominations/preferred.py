"""The preferred conditions of `000` 三 shown to reviewers as passed/failed checks, and the hard block.

Preferred (优先) conditions inform the reviewer, they never block; a provider on
the serious dishonesty list (严重失信主体名单) cannot be approved. The provider's
record is annotated onto the queue's single query (`annotate_checks`), so a
queue of any length costs the same number of queries.
"""

import datetime
import functools
from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from catalog.models import AnnualInspection, CreditEvent

GOOD_GRADES = {"3A", "4A", "5A"}


def _count(queryset):
    return Coalesce(
        Subquery(
            queryset.order_by().values("provider").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def annotate_checks(queryset):
    """Add the provider's inspections of the two years before the round and its active credit events."""
    recent = AnnualInspection.objects.filter(
        provider=OuterRef("provider"),
        year__gte=OuterRef("round__year") - 2,
        year__lt=OuterRef("round__year"),
    )
    return queryset.annotate(
        recent_inspections=_count(recent),
        recent_inspections_passed=_count(recent.filter(result="passed")),
        active_credit_events=_count(
            CreditEvent.objects.filter(provider=OuterRef("provider"), reversed_at__isnull=True)
        ),
        _round_year=F("round__year"),
        listing_purchased_before=F("listing__purchased_before"),
    )


@dataclass(frozen=True)
class Check:
    label: str
    passed: bool
    detail: str = ""


def years_registered(provider, on: datetime.date) -> int | None:
    if not provider.registered_on:
        return None
    start = provider.registered_on
    years = on.year - start.year - ((on.month, on.day) < (start.month, start.day))
    return max(years, 0)


LABELS = {
    "registered": _("登记成立两年以上"),
    "grade": _("评估等级3A（含）以上"),
    "social_workers": _("配备专业社会工作者"),
    "inspections": _("近两年年度检查合格"),
    "purchases": _("有承接政府购买服务经验"),
    "years": _("{n} 年"),
    "unknown": _("成立日期未知"),
    "ungraded": _("未评估"),
    "yes": _("有"),
    "no": _("无"),
    "passed": _("{year1}–{year2} 年合格 {n} 次"),
    "amount": _("政府购买或资助金额 {amount} 元"),
}


@functools.lru_cache(maxsize=8)
def labels(language: str) -> dict[str, str]:
    """The labels translated once per language: a queue shows them on every row."""
    with translation.override(language):
        return {key: str(label) for key, label in LABELS.items()}


def preferred_checks(application) -> list[Check]:
    """The five preferred conditions; needs `annotate_checks` (falls back to queries without it)."""
    provider = application.provider
    year = application.round.year
    round_start = application.round.self_nomination_start
    years = years_registered(provider, round_start)
    passed = getattr(application, "recent_inspections_passed", None)
    if passed is None:
        passed = provider.inspections.filter(
            year__gte=year - 2, year__lt=year, result="passed"
        ).count()
    purchased_before = getattr(application, "listing_purchased_before", None)
    if purchased_before is None:
        purchased_before = getattr(application.listing, "purchased_before", False)
    purchased = bool(application.government_amount) or bool(purchased_before)
    text = labels(translation.get_language() or "zh-hans")
    return [
        Check(
            text["registered"],
            years is not None and years >= 2,
            text["years"].format(n=years) if years is not None else text["unknown"],
        ),
        Check(text["grade"], provider.grade in GOOD_GRADES, provider.grade or text["ungraded"]),
        Check(
            text["social_workers"],
            provider.has_social_workers,
            text["yes"] if provider.has_social_workers else text["no"],
        ),
        Check(
            text["inspections"],
            passed >= 2,
            text["passed"].format(year1=year - 2, year2=year - 1, n=passed),
        ),
        Check(
            text["purchases"],
            purchased,
            text["amount"].format(amount=application.government_amount),
        ),
    ]


def blocking_reason(application) -> str:
    """Why the application cannot be approved at all, or ''."""
    if application.provider.is_seriously_dishonest:
        return str(_("该社会组织已列入严重失信主体名单，不得推荐"))
    return ""


def active_credit_events(application) -> int:
    count = getattr(application, "active_credit_events", None)
    if count is None:
        count = application.provider.credit_events.filter(reversed_at__isnull=True).count()
    return count
