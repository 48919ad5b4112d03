"""The public site's notice pages: lists with filters, details with attachments, downloads, links."""

import pytest

from notices import demo as notices_demo
from notices.models import (
    AnnouncementAttachment,
    AnnouncementPage,
    DownloadIndexPage,
    DownloadItem,
)

from .conftest import folder, make_document, make_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_notices(policies, huangpu, district_admin):
    district_admin(huangpu)
    return [
        make_notice(policies, title="市级二一年", issue_date="2021-09-24"),
        make_notice(
            policies, title="市级二四年", issue_date="2024-11-29", issuing_body="上海市财政局"
        ),
        make_notice(
            folder(policies, huangpu),
            title="黄浦二四年",
            issue_date="2024-03-01",
            issuing_body="上海市黄浦区民政局",
        ),
    ]


def titles(response):
    return [notice.title for notice in response.context["notice_page"].object_list]


def test_the_list_shows_city_and_district_notices_newest_first(client, policies, three_notices):
    assert titles(client.get(policies.url)) == ["市级二四年", "黄浦二四年", "市级二一年"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"year": "2024"}, ["市级二四年", "黄浦二四年"]),
        ({"level": "district"}, ["黄浦二四年"]),
        ({"level": "city", "year": "2024"}, ["市级二四年"]),
        ({"issuing_body": "上海市财政局"}, ["市级二四年"]),
        ({"district": "310101"}, ["黄浦二四年"]),
        ({"q": "二一"}, ["市级二一年"]),
    ],
)
def test_filters_narrow_the_list(client, policies, three_notices, query, expected):
    assert titles(client.get(policies.url, query)) == expected


def test_a_bad_filter_value_says_so_in_chinese_and_changes_nothing(client, policies, three_notices):
    response = client.get(policies.url, {"year": "1999"})
    assert response.status_code == 200
    assert len(titles(response)) == 3
    assert "选择一个有效的选项" in response.content.decode()


def test_filter_choices_come_from_the_notices_listed(client, policies, three_notices):
    form = client.get(policies.url).context["filters"].form
    assert [value for value, _label in form.fields["year"].choices][1:] == ["2024", "2021"]
    assert "上海市黄浦区民政局" in dict(form.fields["issuing_body"].choices)


def test_a_district_folder_lists_only_its_district(client, policies, huangpu, three_notices):
    assert titles(client.get(folder(policies, huangpu).url)) == ["黄浦二四年"]


def test_the_list_issues_a_fixed_number_of_queries(
    client, policies, three_notices, django_assert_max_num_queries
):
    for number in range(15):
        make_notice(policies, title=f"更多{number}", issue_date="2023-01-01")
    with django_assert_max_num_queries(25):
        response = client.get(policies.url)
    assert len(titles(response)) == 18


def test_the_detail_shows_document_marks_and_attachments(client, announcements):
    notice = make_notice(
        announcements,
        model=AnnouncementPage,
        title="推荐目录公示",
        document_number="沪社服发〔2021〕5号",
        issue_date="2021-06-24",
        publish=False,
    )
    document = make_document("汇总表", filename="summary.xlsx")
    notice.attachments = [AnnouncementAttachment(document=document, title="附件3：推荐汇总表")]
    notice.save_revision().publish()
    html = client.get(notice.url).content.decode()
    assert "沪社服发〔2021〕5号" in html
    assert "2021年6月24日" in html
    assert "附件3：推荐汇总表" in html
    assert document.url in html
    download = client.get(document.url)
    assert b"".join(download.streaming_content) == b"PK\x03\x04 attachment bytes"


def test_the_home_page_lists_the_latest_notices(client, policies, three_notices):
    html = client.get("/").content.decode()
    assert html.index("市级二四年") < html.index("市级二一年")


def test_downloads_and_links_pages_show_their_items(client):
    notices_demo.load()
    downloads = client.get("/downloads/").content.decode()
    assert "购买主体推荐意见表" in downloads and "供需对接平台用户手册" in downloads
    links = client.get("/links/").content.decode()
    assert "https://mzj.sh.gov.cn/" in links and "中华人民共和国民政部" in links
    item = DownloadItem.objects.get(title="购买主体推荐意见表")
    assert item.page_id == DownloadIndexPage.objects.get().pk
    with item.document.open_file() as f:
        assert f.read(2) == b"PK"  # a real .xlsx (zip)


def test_the_scheduled_publishing_task_publishes_a_notice_when_its_time_comes(policies):
    from datetime import timedelta

    from django.utils import timezone
    from wagtail.models import Revision

    from notices.tasks import publish_scheduled

    notice = make_notice(policies, title="定时发布", publish=False)
    notice.go_live_at = timezone.now() + timedelta(hours=1)
    revision = notice.save_revision()
    revision.publish()
    notice.refresh_from_db()
    assert not notice.live  # scheduled, not yet published
    publish_scheduled.apply()
    notice.refresh_from_db()
    assert not notice.live  # its time has not come
    # An hour later: the revision's go-live time has passed.
    past = timezone.now() - timedelta(minutes=1)
    revision = Revision.objects.get(pk=revision.pk)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    publish_scheduled.apply()
    notice.refresh_from_db()
    assert notice.live


def test_celery_beat_runs_scheduled_publishing_every_minute():
    from django.conf import settings

    from gxpt.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["publish-scheduled-pages"]
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert entry["schedule"] <= 60
