"""The whole round in Chromium, each party in its own session, the calendar run by the Celery worker.

Provider nominates → district returns with an opinion → provider edits (dates unchanged) and
resubmits → district approves → city approves → the service centre assigns an expert, who
scores from the expert's list → the city passes the re-review → the scheduled task publishes the
notice on its date → a visitor objects → the city answers → the scheduled task publishes the
directory at the end of the window, with last year's confirmed entries → the provider was told
at every step. Time is driven by setting the round's dates relative to today, never by code.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from catalog.factories import ProviderFactory, district, make_user
from nominations import rounds
from nominations.factories import ApplicationFactory, RoundFactory, SupplyListingFactory, png_bytes
from nominations.models import Application, Objection, Origin, Round, Status
from nominations.tasks import run_calendar
from nominations.workflow import Action, perform
from notifications.models import Notification
from tests.browser.conftest import login_in_browser
from tests.integration.conftest import celery_worker, postgres, redis_broker  # noqa: F401
from tests.nominations.helpers import scored

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-Word-123"  # catalog.factories.UserFactory's
DAY = datetime.timedelta(days=1)


def as_user(page, user):
    page.context.clear_cookies()
    login_in_browser(page, user.username, PASSWORD)


def act(page, application, action_label, opinion=""):
    page.goto(f"/admin/nominations/applications/review/{application.pk}/")
    if opinion:
        page.fill("#id_opinion", opinion)
    page.get_by_role("button", name=action_label, exact=True).click()
    page.wait_for_url("**/admin/nominations/applications/")


def status_of(application):
    return Application.objects.get(pk=application.pk).status


def calendar_by_the_worker():
    """The beat task, run by the real Celery worker on its own date; waits for its result."""
    done = run_calendar.delay().get(timeout=120)
    assert done is not None  # None: the result was not kept, so nothing was waited for
    return done


def last_years_directory(city, huangpu):
    """Last year's round, published with two entries; they come back as 原有."""
    last = RoundFactory(year=2030)
    for name in ("上海黄浦原有甲社工服务社", "上海黄浦原有乙社区服务中心"):
        provider = ProviderFactory(district=huangpu, name=name)
        application = scored(
            ApplicationFactory(round=last, provider=provider, status=Status.CITY_APPROVED)
        )
        perform(application, city, Action.PASS_REREVIEW)
    rounds.publish_notice(last, city, today=last.notice_start)
    rounds.publish_directory(last, city, today=last.notice_end + DAY)
    return last


def move_round(round_, **dates):
    Round.objects.filter(pk=round_.pk).update(**dates)


def test_a_round_from_self_nomination_to_the_published_directory(  # noqa: PLR0915 - one journey
    browser_page,
    screenshot,
    tmp_path,
    celery_worker,  # noqa: F811
):
    page = browser_page
    today = timezone.localdate()  # the worker's date (Asia/Shanghai), not the machine's
    huangpu = district("黄浦区")
    city_user = make_user(Role.CITY_ADMIN)
    district_user = make_user(Role.DISTRICT_ADMIN, district=huangpu)
    monitor_user = make_user(Role.MONITOR)
    expert_user = make_user(Role.EXPERT)
    last = last_years_directory(city_user, huangpu)
    round_ = RoundFactory(year=2031)  # self-nomination open today
    provider = ProviderFactory(district=huangpu, name="上海黄浦浏览器测试社工服务社")
    listing = SupplyListingFactory(provider=provider, title="“银龄守护”独居老人关爱计划")
    provider_user = make_user(Role.PROVIDER, provider=provider)
    form = tmp_path / "recommendation-form.png"
    form.write_bytes(png_bytes((400, 560)))

    # The round opens: the worker's calendar brings last year's entries back as 原有.
    calendar_by_the_worker()
    carried = list(Application.objects.filter(round=round_, origin=Origin.CARRIED_OVER))
    assert len(carried) == 2 and {a.status for a in carried} == {Status.SUBMITTED}

    # The provider nominates (no opinion box on its own page) and submits.
    as_user(page, provider_user)
    page.goto("/admin/nominations/applications/new/")
    page.select_option("#id_listing", str(listing.pk))
    page.fill("#id_summary", "针对独居老人缺少照护的问题，提供上门探访、助餐和应急援助。")
    page.fill("#id_results", "覆盖 6 个居民区，服务 2400 余人次。")
    page.set_input_files("#id_recommendation_form", str(form))
    screenshot(page, "nomination-01-provider-form")
    page.locator("form[method=post] footer button[type=submit]").first.click()
    page.wait_for_url("**/applications/review/**")
    application = Application.objects.get(round=round_, origin=Origin.NEW)
    period = (application.period_start, application.period_end)
    assert application.status == Status.SAVED
    expect(page.locator("#id_opinion")).to_have_count(0)
    page.get_by_role("button", name="提交", exact=True).click()
    page.wait_for_url("**/admin/nominations/applications/")
    assert status_of(application) == Status.SUBMITTED

    # The district returns it with an opinion; the review page links the evidence listing.
    as_user(page, district_user)
    page.goto(f"/admin/nominations/applications/review/{application.pk}/")
    expect(page.get_by_role("link", name="项目详情")).to_be_visible()
    expect(page.get_by_text("评估等级3A（含）以上")).to_be_visible()
    screenshot(page, "nomination-02-district-review")
    act(page, application, "退回", "请补充服务人次的统计口径。")
    assert status_of(application) == Status.DISTRICT_RETURNED

    # The provider edits (dates unchanged) and resubmits.
    as_user(page, provider_user)
    page.goto(f"/admin/nominations/applications/review/{application.pk}/")
    expect(page.get_by_text("请补充服务人次的统计口径。").first).to_be_visible()
    page.get_by_role("link", name="修改").click()
    expect(page.locator("#id_period_start")).to_have_value(period[0].isoformat())
    page.fill("#id_results", "覆盖 6 个居民区，服务 2400 余人次（按签到表统计）。")
    page.locator("form[method=post] footer button[type=submit]").first.click()
    page.wait_for_url("**/applications/review/**")
    application.refresh_from_db()
    assert (application.period_start, application.period_end) == period
    assert "签到表" in application.results
    page.get_by_role("button", name="提交", exact=True).click()
    page.wait_for_url("**/admin/nominations/applications/")
    assert status_of(application) == Status.SUBMITTED

    # District and city approve; last year's entries are re-confirmed the same way.
    as_user(page, district_user)
    act(page, application, "同意并提交", "材料齐全，年检合格，同意推荐。")
    for entry in carried:
        act(page, entry, "同意并提交", "再次确认，纳入本轮推荐。")
    as_user(page, city_user)
    act(page, application, "同意并提交", "同意列入推荐名单。")
    for entry in carried:
        act(page, entry, "同意并提交", "同意。")
    assert status_of(application) == Status.CITY_APPROVED

    # The service centre assigns the expert, who scores from the expert's list.
    as_user(page, monitor_user)
    for entry in [application, *carried]:
        page.goto("/admin/nominations/expert-reviews/new/")
        page.select_option("#id_application", str(entry.pk))
        page.select_option("#id_expert", str(expert_user.pk))
        page.locator("form[method=post] footer button[type=submit]").first.click()
        page.wait_for_url("**/admin/nominations/expert-reviews/")
    as_user(page, expert_user)
    for entry in [application, *carried]:
        page.goto("/admin/nominations/expert-reviews/")
        expect(page.get_by_text(round_.rereview_end.isoformat()).first).to_be_visible()
        page.locator("tr", has_text=entry.title).get_by_role("link", name="评分").click()
        expect(page.get_by_text("有效信用记录")).to_be_visible()
        page.fill("#id_score", "90")
        page.fill("#id_comment", "项目成效显著，可复制推广。")
        if entry == application:
            screenshot(page, "nomination-03-expert-score")
        page.locator("form[method=post] footer button[type=submit]").first.click()
        page.wait_for_url("**/admin/nominations/expert-reviews/")
    assert application.expert_reviews.get().score == 90

    # The city decides the re-review.
    as_user(page, city_user)
    for entry in [application, *carried]:
        act(page, entry, "通过复审")
    assert Application.objects.get(pk=application.pk).rereview_result == "passed"

    # The notice window opens today: the worker's calendar publishes the notice.
    move_round(
        round_,
        self_nomination_start=today - 40 * DAY,
        self_nomination_end=today - 30 * DAY,
        first_review_end=today - 20 * DAY,
        rereview_end=today - DAY,
        notice_start=today,
        notice_end=today + 7 * DAY,
        publication_by=today + 20 * DAY,
    )
    calendar_by_the_worker()
    round_.refresh_from_db()
    assert round_.notice_page_id and round_.notice_page.issue_date == today
    page.goto(f"/admin/nominations/rounds/manage/{round_.pk}/")
    expect(page.get_by_role("heading", name=str(round_)).first).to_be_visible()
    screenshot(page, "nomination-04-round-after-notice")

    # A visitor objects on the public form linked from the notice.
    page.context.clear_cookies()
    page.goto(round_.notice_page.url)
    expect(page.get_by_text(provider.name).first).to_be_visible()
    screenshot(page, "nomination-05-public-notice")
    page.get_by_role("link", name="异议反映表单").click()
    page.select_option("#id_application", str(application.pk))
    page.fill("#id_name", "张先生")
    page.fill("#id_contact", "13800000000")
    page.fill("#id_content", "该项目实施未满两年。")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("您的意见已收到")).to_be_visible()
    objection = Objection.objects.get(round=round_)

    # The city answers.
    as_user(page, city_user)
    page.goto(f"/admin/nominations/objections/edit/{objection.pk}/")
    page.fill("#id_answer", "经核实，项目自 2022 年起实施，已满两年。")
    page.locator("form[method=post] footer button[type=submit]").first.click()
    page.wait_for_load_state()
    objection.refresh_from_db()
    assert objection.is_answered

    # The notice window is over: the worker's calendar publishes the directory.
    move_round(round_, notice_start=today - 8 * DAY, notice_end=today - DAY)
    calendar_by_the_worker()
    round_.refresh_from_db()
    assert round_.directory_page_id and round_.published_at

    page.context.clear_cookies()
    page.goto("/directory/")
    page.get_by_role("link", name="上海市承接政府购买服务社会组织推荐目录（2031版）").click()
    expect(page.get_by_role("heading", name="养老服务")).to_be_visible()
    expect(page.get_by_text(listing.title).first).to_be_visible()
    for entry in carried:
        expect(page.get_by_text(entry.provider.name).first).to_be_visible()
    screenshot(page, "nomination-06-published-directory")
    last.refresh_from_db()
    assert last.directory_page.live  # earlier years stay online

    # The provider was told at every step, with the opinion where there was one.
    told = list(
        Notification.objects.filter(recipient=provider_user)
        .order_by("pk")
        .values_list("title", "body")
    )
    assert [title for title, _ in told] == [
        "推荐目录申报：已提交",
        "推荐目录申报：区级退回",
        "推荐目录申报：已提交",
        "推荐目录申报：区级同意",
        "推荐目录申报：市级同意",
        "推荐目录申报：通过复审",
        "推荐目录：您的项目已进入公示名单",
        "推荐目录：您的项目已入选推荐目录",
    ]
    assert "请补充服务人次的统计口径。" in told[1][1]
    assert "同意列入推荐名单。" in told[4][1]
    as_user(page, provider_user)
    page.goto("/admin/")
    screenshot(page, "nomination-07-provider-inbox")
