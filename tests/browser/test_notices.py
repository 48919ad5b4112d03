"""A visitor in Chromium: home page → a notice → its attachment, downloaded byte for byte."""

from pathlib import Path

import pytest

from notices.models import AnnouncementAttachment, AnnouncementIndexPage, AnnouncementPage
from tests.notices.conftest import make_document, make_notice

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FORM_BYTES = b"PK\x03\x04" + "购买主体推荐意见表".encode() * 50


def test_a_visitor_follows_a_notice_from_the_home_page_and_downloads_its_attachment(
    browser_page, screenshot, tmp_path
):
    notice = make_notice(
        AnnouncementIndexPage.objects.get(),
        model=AnnouncementPage,
        title="关于开展2021年度上海市承接政府购买服务社会组织推荐目录工作的通知",
        issuing_body="上海市社会组织服务中心",
        document_number="沪社服发〔2021〕5号",
        issue_date="2021-06-24",
        body=[
            {"type": "paragraph", "value": "<p>各区民政局、市民政局相关处室、全市各社会组织：</p>"}
        ],
        publish=False,
    )
    document = make_document("购买主体推荐意见表", FORM_BYTES, "recommendation-form.xlsx")
    notice.attachments = [
        AnnouncementAttachment(document=document, title="附件2：购买主体推荐意见表")
    ]
    notice.save_revision().publish()

    page = browser_page
    page.goto("/")
    screenshot(page, "notices-home")
    page.get_by_role("link", name=notice.title).first.click()
    page.wait_for_url(f"**{notice.url}")
    assert page.get_by_role("heading", level=1).inner_text() == notice.title
    assert "沪社服发〔2021〕5号" in page.locator(".notice-meta").inner_text()
    screenshot(page, "notices-detail")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="附件2：购买主体推荐意见表").click()
    saved = tmp_path / "download.xlsx"
    download_info.value.save_as(saved)
    assert Path(saved).read_bytes() == FORM_BYTES


def test_the_notice_list_filters_by_level_on_a_narrow_screen(browser_page, screenshot):
    from accounts.roles import Role
    from catalog.factories import make_user
    from catalog.models import District
    from notices.models import DistrictNoticeIndexPage, PolicyIndexPage

    huangpu = District.objects.get(code="310101")
    make_user(Role.DISTRICT_ADMIN, district=huangpu)
    policies = PolicyIndexPage.objects.get()
    make_notice(policies, title="市级政策文件", issue_date="2024-11-29")
    make_notice(
        DistrictNoticeIndexPage.objects.child_of(policies).get(district=huangpu),
        title="黄浦区政策文件",
        issue_date="2024-03-01",
    )
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(policies.url)
    page.get_by_label("层级").select_option("district")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**level=district**")
    items = page.locator(".notice-item .notice-title").all_inner_texts()
    assert items == ["黄浦区政策文件"]
    screenshot(page, "notices-list-mobile")
