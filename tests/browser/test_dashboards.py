"""Each demo role's dashboard, in Chromium: the work queue's counts are right and each links to exactly those records.

For every role the numbers a person expects are computed here from the demo's rows with
plain queries (not with the work-queue code): what waits for the role's decision, its
corrections within and past their deadline, its unread messages. The dashboard must show
each item that has something waiting with that number, and its link must open a list
whose rows, over all its pages, are exactly those records.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.roles import Role
from catalog.models import DemandListing
from moderation.models import Flag, FlagStatus, Message, MessageStatus, ObjectionStatus
from moderation.models import Objection as ModerationObjection
from nominations.models import Application, ExpertReview, Objection, Status
from notifications.models import Notification
from tests.browser.conftest import login_demo

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db]

ROLES = ["admin", "city_admin", "huangpu_admin", "provider_demo", "purchaser_demo", "monitor_demo", "expert_demo"]

QUEUE = """() => [...document.querySelectorAll('.gxpt-work-queue__item a')].map(a => ({
  label: a.querySelector('.gxpt-work-queue__label').innerText.trim(),
  count: parseInt(a.querySelector('.gxpt-work-queue__count').innerText, 10),
  url: a.getAttribute('href'),
}))"""
# The record a row stands for: the number in its first link to an admin page of a record.
ROW_IDS = """() => [...document.querySelectorAll('main table tbody tr')].map(tr => {
  const link = [...tr.querySelectorAll('a[href^="/admin/"]')].map(a => a.getAttribute('href'))
    .find(href => /\\/\\d+\\/(\\?.*)?$/.test(href));
  return link ? parseInt(link.match(/\\/(\\d+)\\/(\\?.*)?$/)[1], 10) : null;
})"""


def expected_queue(user) -> dict[str, set[int]]:
    """Label -> the records waiting, by plain queries on the demo's rows."""
    account = getattr(user, "account", None)
    role = account.role if account else None
    today = timezone.localdate()
    open_flags = Flag.objects.filter(status=FlagStatus.OPEN)
    applications = Application.objects.all()
    if role in (Role.PROVIDER, Role.PURCHASER):
        field = "provider" if role == Role.PROVIDER else "purchaser"
        open_flags = open_flags.filter(**{field: getattr(account, field)})
        applications = applications.filter(provider=account.provider) if role == Role.PROVIDER else applications.none()
    elif role == Role.DISTRICT_ADMIN:
        open_flags = open_flags.filter(district=account.district)
        applications = applications.filter(provider__district=account.district)

    def ids(queryset):
        return set(queryset.values_list("pk", flat=True))

    def apps(*statuses, **more):
        return ids(applications.filter(status__in=statuses, **more))

    expected = {"未读消息": ids(Notification.objects.filter(recipient=user, read_at__isnull=True))}
    if user.has_perm("moderation.view_flag"):
        # Who decides on flags (the monitoring centre) sees those waiting for a decision;
        # who only sees them (publishers, bureaus) the corrections still running.
        if user.has_perm("moderation.change_flag"):
            expected["待处理监测标记"] = ids(open_flags.filter(correction_deadline__isnull=True))
        else:
            expected["待整改"] = ids(open_flags.filter(correction_deadline__gte=today))
        expected["逾期未整改"] = ids(open_flags.filter(correction_deadline__lt=today))
    if user.has_perm("moderation.answer_objection"):
        pending = ModerationObjection.objects.filter(status=ObjectionStatus.PENDING)
        expected["待答复异议和信用修复申请"] = ids(pending.filter(deadline__gte=today))
        expected["逾期未答复的异议"] = ids(pending.filter(deadline__lt=today))
    if user.has_perm("moderation.change_message"):
        expected["待回复留言"] = ids(Message.objects.filter(status=MessageStatus.PENDING))
    if role == Role.DISTRICT_ADMIN:
        # A city-registered organization's application is the city's, wherever it is.
        city_registered = apps(Status.SUBMITTED, Status.CITY_RETURNED, provider__registration_level="city")
        expected["待审核申报"] = apps(Status.SUBMITTED) - city_registered
        expected["市级退回待重审"] = apps(Status.CITY_RETURNED) - city_registered
    if role == Role.CITY_ADMIN or (user.is_superuser and role is None):
        expected["待初审申报（市级登记）"] = apps(Status.SUBMITTED, provider__registration_level="city")
        expected["待终审申报"] = apps(Status.DISTRICT_APPROVED)
        expected["待答复公示异议"] = ids(Objection.objects.filter(answered_at__isnull=True))
    if role == Role.PURCHASER:
        # Its plans (拟购买) waiting for the budget approval, to be opened (catalog.planning).
        expected["拟购买项目（预算批复后转为正式需求）"] = ids(
            DemandListing.objects.filter(purchaser=account.purchaser, status="planned")
        )
    if role == Role.PROVIDER:
        expected["被退回待修改的申报"] = apps(Status.DISTRICT_RETURNED)
        expected["已保存未提交的申报"] = apps(Status.SAVED)
    if role == Role.EXPERT:
        # A row of the list is the application to score.
        reviews = ExpertReview.objects.filter(expert=user, scored_at__isnull=True)
        expected["待评分"] = set(reviews.values_list("application_id", flat=True))
    return expected


def listed_ids(page, url) -> list[int]:
    """The records a list shows over all its pages."""
    found = []
    while url:
        response = page.goto(url)
        assert response.status == 200, url
        found += page.evaluate(ROW_IDS)
        url = page.locator("nav.pagination li.next a[href]").first.get_attribute("href") if page.locator(
            "nav.pagination li.next a[href]"
        ).count() else None
    return found


@pytest.mark.parametrize("username", ROLES)
def test_each_dashboard_counts_what_waits_and_links_to_exactly_those_records(demo_page, username, screenshot):
    page = demo_page
    user = get_user_model().objects.select_related("account").get(username=username)
    expected = expected_queue(user)
    login_demo(page, username)
    shown = page.evaluate(QUEUE)
    screenshot(page, f"dashboard-{username}")
    by_label = {item["label"]: item for item in shown}
    waiting = {label for label, records in expected.items() if records}
    assert set(by_label) == waiting, (username, sorted(by_label), sorted(waiting))
    for label, item in by_label.items():
        assert item["count"] == len(expected[label]), (username, label, item["count"], len(expected[label]))
        rows = listed_ids(page, item["url"])
        assert None not in rows, (username, label, item["url"])
        assert sorted(rows) == sorted(expected[label]), (username, label, item["url"], rows)


def test_the_demo_dashboards_have_work_waiting(demo_site):
    """The demo opens with something to do for the roles a visitor tries first."""
    users = {u.username: u for u in get_user_model().objects.select_related("account").filter(username__in=ROLES)}
    for username in ("monitor_demo", "huangpu_admin", "provider_demo", "expert_demo"):
        assert any(expected_queue(users[username]).values()), username
    # One correction the demo asked for has passed its deadline, recently (not years ago).
    overdue = Flag.objects.filter(status=FlagStatus.OPEN, correction_deadline__lt=timezone.localdate())
    assert overdue.exists()
    assert not overdue.filter(correction_deadline__lt=timezone.localdate() - datetime.timedelta(days=365))
