"""The yearly plan as a stage of a demand listing (`001` art. 4(3)).

Purchasers publish by 30 April the services they plan to buy that year: a demand
listing can start as a planned item (拟购买, `DemandStatus.PLANNED`), its budget not
yet approved. Providers see, follow and are alerted about it like any listing
(matching). When the budget is approved the purchaser opens it (`open_plan`): the
approved budget and its date are recorded, the status becomes 已发布 and `opened_at`
is set; followers and fitting providers hear of it (matching.follows, matching.alerts),
and the step is a Wagtail log entry (`catalog.open_plan`), so the listing's History
view shows who opened it and with which budget.

The edit form moves no listing into or out of the plan stage except to cancel a plan
(`form_status_problem`): opening goes through `open_plan` and its checks only.
"""

import datetime
from decimal import Decimal

from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log
from wagtail.permissions import policy_registry

from .checks import run_checks
from .models import DemandListing
from .models.listings import DemandStatus, PurchaseMethod

OPEN_PLAN = "catalog.open_plan"
OPEN_PLAN_LABEL = _("预算已批复，转为正式需求")

# Statuses the edit form may give a planned item (opening is `open_plan`'s).
FORM_STATUSES_OF_A_PLAN = (DemandStatus.PLANNED, DemandStatus.CANCELLED)


class OpenPlanFormatter(LogFormatter):
    """The History line: 「预算已批复，转为正式需求 — 批复预算 300000.00 元，批复日期 2026-05-10」."""

    label = OPEN_PLAN_LABEL

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return gettext("%(label)s — 批复预算 %(budget)s 元，批复日期 %(date)s") % {
            "label": OPEN_PLAN_LABEL,
            "budget": data.get("budget", "—"),
            "date": data.get("budget_approved_on", "—"),
        }


class PlanRefused(ValidationError):
    """A refused opening: the Chinese reason, nothing changed."""


def may_open(user, listing) -> bool:
    """Whoever may edit the listing (its purchaser, the district and city admins) may open it."""
    policy = policy_registry.get_by_type(DemandListing)
    return policy.user_has_permission_for_instance(user, "change", listing)


def open_plan_url(listing) -> str:
    return reverse("wagtailsnippets_catalog_demandlisting:open_plan", args=[quote(listing.pk)])


def form_status_problem(before: str | None, after: str) -> str | None:
    """Why the edit form may not move a listing from status `before` to `after` (None: it may).
    `before` is None for a new listing, which may start as a plan or open."""
    if before is None or before == after:
        return None
    if before == DemandStatus.PLANNED and after not in FORM_STATUSES_OF_A_PLAN:
        return _("拟购买项目须在预算批复后，通过「预算已批复，转为正式需求」转为正式需求。")
    if after == DemandStatus.PLANNED:
        return _("已开放的需求项目不能改回拟购买。")
    return None


def _problems(listing, budget, approved_on, response_deadline, today) -> dict:
    problems = {}
    if budget is None:
        problems["budget"] = _("请填写批复的预算金额。")
    elif budget <= 0:
        problems["budget"] = _("批复的预算金额须大于零。")
    if approved_on is None:
        problems["budget_approved_on"] = _("请填写预算批复日期。")
    elif approved_on > today:
        problems["budget_approved_on"] = _("预算批复日期不能晚于今天。")
    elif approved_on.year < listing.year - 1:
        problems["budget_approved_on"] = _("预算批复日期早于项目年度的上一年，请核对。")
    if response_deadline is not None and response_deadline < today:
        problems["response_deadline"] = _("对接截止日期不能早于今天。")
    return problems


def open_plan(
    listing,
    user,
    *,
    budget: Decimal | None,
    budget_approved_on: datetime.date | None,
    purchase_method: str = "",
    response_deadline: datetime.date | None = None,
    today: datetime.date | None = None,
):
    """Turn a planned item into an open listing, or refuse with PlanRefused (nothing changed)."""
    today = today or timezone.localdate()
    if not may_open(user, listing):
        raise PlanRefused(_("您无权将该项目转为正式需求。"))
    if purchase_method and purchase_method not in PurchaseMethod.values:
        raise PlanRefused({"purchase_method": _("请选择有效的购买方式。")})
    with transaction.atomic():
        current = DemandListing.objects.select_for_update().get(pk=listing.pk)
        if current.status != DemandStatus.PLANNED:
            raise PlanRefused(_("该项目不是拟购买项目，无需转为正式需求。"))
        problems = _problems(current, budget, budget_approved_on, response_deadline, today)
        if problems:
            raise PlanRefused(problems)
        changes = {
            "status": DemandStatus.PUBLISHED,
            "budget": budget,
            "budget_approved_on": budget_approved_on,
            "opened_at": timezone.now(),
        }
        if purchase_method:
            changes["purchase_method"] = purchase_method
        if response_deadline is not None:
            changes["response_deadline"] = response_deadline
        before_budget = current.budget
        for name, value in changes.items():
            setattr(current, name, value)
        if current.live:
            blocking = [f.message for f in run_checks(current) if f.blocks]
            if blocking:
                raise PlanRefused(blocking)
        # Saved (not only revised): matching's signals tell the followers and the search
        # index takes the new status, as for any change of the live record.
        current.save(update_fields=[*changes, "updated_at"])
        _carry_into_draft(current, changes)
        log(
            current,
            OPEN_PLAN,
            user=user,
            data={
                "from": DemandStatus.PLANNED,
                "to": DemandStatus.PUBLISHED,
                "budget": f"{budget:.2f}",
                "planned_budget": "" if before_budget is None else f"{before_budget:.2f}",
                "budget_approved_on": budget_approved_on.isoformat(),
            },
        )
    for name, value in changes.items():
        setattr(listing, name, value)
    return current


def _carry_into_draft(listing, changes: dict) -> None:
    """A draft saved before the opening would put the plan back when published: it gets
    the opening's fields too (the content of Wagtail's latest revision)."""
    revision = listing.latest_revision
    if revision is None or not listing.has_unpublished_changes:
        return
    content = dict(revision.content)
    for name, value in changes.items():
        if isinstance(value, datetime.datetime | datetime.date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        content[name] = value
    revision.content = content
    revision.save(update_fields=["content"])
