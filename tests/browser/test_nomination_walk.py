"""One application walked through the whole process in Chromium, each party in its own session.

Provider saves and submits → district approves → city returns to the district →
district approves again → city approves → the service centre assigns an expert,
who scores → the city passes it → public notice → published directory page.
"""

import datetime

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from catalog.factories import ProviderFactory, district, make_user
from nominations.factories import RoundFactory, SupplyListingFactory, png_bytes
from nominations.models import Application, Round, Status
from tests.browser.conftest import login_in_browser

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-Word-123"  # catalog.factories.UserFactory's


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


def test_an_application_from_self_nomination_to_the_published_directory(
    browser_page, screenshot, tmp_path
):
    page = browser_page
    round_ = RoundFactory(year=2031)
    provider = ProviderFactory(district=district("黄浦区"), name="上海黄浦浏览器测试社工服务社")
    listing = SupplyListingFactory(provider=provider, title="“银龄守护”独居老人关爱计划")
    provider_user = make_user(Role.PROVIDER, provider=provider)
    district_user = make_user(Role.DISTRICT_ADMIN, district=district("黄浦区"))
    city_user = make_user(Role.CITY_ADMIN)
    monitor_user = make_user(Role.MONITOR)
    expert_user = make_user(Role.EXPERT)
    form = tmp_path / "recommendation-form.png"
    form.write_bytes(png_bytes((400, 560)))

    # The provider saves its application, then submits it.
    as_user(page, provider_user)
    page.goto("/admin/nominations/applications/new/")
    page.select_option("#id_listing", str(listing.pk))
    page.fill("#id_results", "覆盖 6 个居民区，服务 2400 余人次。")
    page.set_input_files("#id_recommendation_form", str(form))
    screenshot(page, "nomination-01-provider-form")
    page.locator("form[method=post] footer button[type=submit]").first.click()
    page.wait_for_url("**/applications/review/**")
    application = Application.objects.get()
    assert application.status == Status.SAVED
    screenshot(page, "nomination-02-provider-saved")
    page.get_by_role("button", name="提交", exact=True).click()
    page.wait_for_url("**/admin/nominations/applications/")
    assert status_of(application) == Status.SUBMITTED
    screenshot(page, "nomination-03-provider-list")

    # The district approves and forwards it; the city returns it to the district.
    as_user(page, district_user)
    page.goto("/admin/nominations/applications/")
    expect(page.get_by_text(listing.title).first).to_be_visible()
    page.goto(f"/admin/nominations/applications/review/{application.pk}/")
    expect(page.get_by_text("评估等级3A（含）以上")).to_be_visible()
    screenshot(page, "nomination-04-district-review")
    act(page, application, "同意并提交", "材料齐全，年检合格，同意推荐。")
    assert status_of(application) == Status.DISTRICT_APPROVED

    as_user(page, city_user)
    page.goto(f"/admin/nominations/applications/review/{application.pk}/")
    page.get_by_role("button", name="退回", exact=True).click()  # no opinion: refused
    expect(page.get_by_text("请填写意见").first).to_be_visible()
    assert status_of(application) == Status.DISTRICT_APPROVED
    act(page, application, "退回", "实施金额与合同不一致，请区民政局核实。")
    assert status_of(application) == Status.CITY_RETURNED

    # The provider sees 市级退回 but cannot edit; the district reviews again and resubmits.
    as_user(page, provider_user)
    page.goto(f"/admin/nominations/applications/review/{application.pk}/")
    expect(page.get_by_text("市级退回").first).to_be_visible()
    assert page.get_by_role("link", name="修改").count() == 0
    screenshot(page, "nomination-05-provider-sees-city-return")

    as_user(page, district_user)
    act(page, application, "同意并提交", "已核实：实施金额以验收报告为准。")
    assert status_of(application) == Status.DISTRICT_APPROVED

    as_user(page, city_user)
    act(page, application, "同意并提交", "同意列入推荐名单。")
    assert status_of(application) == Status.CITY_APPROVED

    # Re-review: the service centre assigns an expert, who scores; the city passes it.
    as_user(page, monitor_user)
    page.goto("/admin/nominations/expert-reviews/new/")
    page.select_option("#id_application", str(application.pk))
    page.select_option("#id_expert", str(expert_user.pk))
    page.locator("form[method=post] footer button[type=submit]").first.click()
    page.wait_for_url("**/admin/nominations/expert-reviews/")

    as_user(page, expert_user)
    page.goto("/admin/nominations/expert-reviews/")
    expect(page.get_by_text(listing.title).first).to_be_visible()
    page.goto(f"/admin/nominations/expert-reviews/edit/{application.expert_reviews.get().pk}/")
    page.fill("#id_score", "90")
    page.fill("#id_comment", "项目成效显著，可复制推广。")
    screenshot(page, "nomination-06-expert-score")
    page.locator("form[method=post] footer button[type=submit]").first.click()
    page.wait_for_url("**/admin/nominations/expert-reviews/")
    assert application.expert_reviews.get().score == 90

    as_user(page, city_user)
    act(page, application, "通过复审")
    assert Application.objects.get(pk=application.pk).rereview_result == "passed"

    # Public notice, then (the notice period over) publication.
    page.goto(f"/admin/nominations/rounds/manage/{round_.pk}/")
    page.get_by_role("button", name="发布公示").click()
    page.wait_for_load_state()
    round_.refresh_from_db()
    assert round_.notice_page_id
    screenshot(page, "nomination-07-round-after-notice")
    page.goto(round_.notice_page.url)
    expect(page.get_by_text(provider.name).first).to_be_visible()
    screenshot(page, "nomination-08-public-notice")

    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    Round.objects.filter(pk=round_.pk).update(
        notice_start=yesterday - datetime.timedelta(days=7), notice_end=yesterday
    )
    page.goto(f"/admin/nominations/rounds/manage/{round_.pk}/")
    page.get_by_role("button", name="发布推荐目录").click()
    page.wait_for_load_state()
    round_.refresh_from_db()
    assert round_.directory_page_id

    page.context.clear_cookies()
    page.goto("/directory/")
    page.get_by_role("link", name="上海市承接政府购买服务社会组织推荐目录（2031版）").click()
    expect(page.get_by_role("heading", name="养老服务")).to_be_visible()
    expect(page.get_by_text(provider.name).first).to_be_visible()
    expect(page.get_by_text(listing.title).first).to_be_visible()
    screenshot(page, "nomination-09-published-directory")
