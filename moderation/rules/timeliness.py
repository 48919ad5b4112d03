"""Timeliness (`001` art. 4(3)): publication within 20 days of the budget approval, results after the end.

The yearly plan due by 30 April is a rule over a purchaser's listings, run
set-wise by the engine (`yearly_plan_findings`): a planned item (拟购买) published by
then is the plan; one published later is flagged as the purchaser's late plan. A
planned item opened after its budget approval is measured by the 20-day rule from the
opening (`opened_at`).
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.checks import register

from . import CONTRACT_RESULT, LATE_PUBLICATION, YEARLY_PLAN
from ._util import finding, kind

PUBLICATION_DAYS = 20
PLAN_DUE = (4, 30)  # month, day


def _today() -> datetime.date:
    return timezone.localdate()


def published_on(instance) -> datetime.date:
    """When it was (or, while still being edited, would be) first published as an open
    listing: a yearly plan's item (拟购买) is published as a project when it is opened
    after its budget approval (catalog.planning), not when the plan was published."""
    first = getattr(instance, "opened_at", None) or getattr(instance, "first_published_at", None)
    return timezone.localdate(first) if first else _today()


@register
def late_publication(instance) -> list:
    if kind(instance) != "DemandListing" or not instance.budget_approved_on:
        return []
    published = published_on(instance)
    if instance.year and instance.year < published.year:
        return []  # a past year's project recorded afterwards: an archive entry, not a new project
    days = (published - instance.budget_approved_on).days
    if days <= PUBLICATION_DAYS:
        return []
    return [
        finding(
            LATE_PUBLICATION,
            _("预算批复日期为%(approved)s，发布时已过%(days)d日，超过二十日的期限。")
            % {"approved": instance.budget_approved_on.isoformat(), "days": days},
            "budget_approved_on",
            instance.budget_approved_on.isoformat(),
        )
    ]


@register
def contract_result(instance) -> list:
    # A plan (拟购买) has no provider or result to record yet.
    if kind(instance) != "DemandListing" or instance.status in ("cancelled", "planned"):
        return []
    findings = []
    if instance.status in ("contracted", "evaluated") and not instance.chosen_provider_id:
        findings.append(
            finding(
                CONTRACT_RESULT,
                _("项目状态为已确定承接主体，但未填写承接社会组织。"),
                "chosen_provider",
            )
        )
    ended = instance.period_end and instance.period_end < _today()
    if ended and not instance.evaluation_result:
        findings.append(
            finding(
                CONTRACT_RESULT,
                _("实施期已于%s结束，请补录承接社会组织和绩效评价结果。")
                % instance.period_end.isoformat(),
                "evaluation_result",
                instance.period_end.isoformat(),
            )
        )
    return findings


def plan_due(year: int) -> datetime.date:
    return datetime.date(year, *PLAN_DUE)


def yearly_plan_finding(purchaser, year: int, published_later_on=None):
    """The finding for a purchaser that had published nothing of `year` by 30 April."""
    message = _("截至%(year)d年4月30日，未发布当年拟购买的服务项目。") % {"year": year}
    if published_later_on:
        message += _("（已于%s补发）") % published_later_on.isoformat()
    return finding(YEARLY_PLAN, message, "", str(year), key=str(year))
