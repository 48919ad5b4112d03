"""The dashboard's work queue (待办事项): per role what waits, counted right, each a filtered list."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.roles import Role
from catalog.factories import ProviderFactory, SupplyListingFactory, district
from gxpt.work_queue import items_for
from moderation.models import Flag, FlagStatus, Message, MessageStatus
from nominations.factories import ApplicationFactory
from nominations.models import ExpertReview, Status
from notifications.delivery import notify

pytestmark = pytest.mark.django_db


def flag_on(listing, **fields):
    return Flag.objects.create(
        content_type=ContentType.objects.get_for_model(listing),
        object_id=listing.pk,
        target_label=listing.title,
        rule="completeness.missing",
        key=f"k{Flag.objects.count()}",
        severity="warning",
        message="缺少服务对象",
        provider=listing.provider,
        district=listing.provider.district,
        **fields,
    )


def queue(user) -> dict[str, tuple[int, str]]:
    return {item.label: (item.count, item.url) for item in items_for(user)}


def test_a_provider_sees_its_corrections_and_returned_applications(user_with_role):
    provider = ProviderFactory()
    user = user_with_role(Role.PROVIDER, provider=provider)
    listing = SupplyListingFactory(provider=provider)
    today = timezone.localdate()
    flag_on(listing, correction_deadline=today + datetime.timedelta(days=5))
    flag_on(listing, correction_deadline=today - datetime.timedelta(days=1))
    flag_on(listing, correction_deadline=today - datetime.timedelta(days=9), status=FlagStatus.RESOLVED)
    flag_on(SupplyListingFactory(), correction_deadline=today)  # someone else's
    ApplicationFactory(provider=provider, status=Status.DISTRICT_RETURNED)
    notify([user], "您的申报已被退回")
    mine = queue(user)
    assert mine["待整改"][0] == 1 and mine["逾期未整改"][0] == 1
    assert mine["逾期未整改"][1].endswith("?correction=overdue")
    assert mine["被退回待修改的申报"] == (1, "/admin/nominations/applications/?status=district_returned")
    assert mine["未读消息"][0] == 1
    assert [item.label for item in items_for(user)][0] == "逾期未整改"  # overdue first


def test_a_district_bureau_sees_the_submitted_applications_of_its_district(user_with_role):
    huangpu = district("黄浦区")
    user = user_with_role(Role.DISTRICT_ADMIN, district=huangpu)
    ApplicationFactory(provider=ProviderFactory(district=huangpu), status=Status.SUBMITTED)
    ApplicationFactory(provider=ProviderFactory(district=district("徐汇区")), status=Status.SUBMITTED)
    ApplicationFactory(provider=ProviderFactory(district=huangpu), status=Status.SAVED)
    assert queue(user)["待审核申报"] == (1, "/admin/nominations/applications/?status=submitted")


def test_the_city_and_the_monitoring_centre_and_an_expert(user_with_role):
    city = user_with_role(Role.CITY_ADMIN)
    ApplicationFactory(status=Status.DISTRICT_APPROVED)
    ApplicationFactory(provider=ProviderFactory(registration_level="city"), status=Status.SUBMITTED)
    Message.objects.create(name="市民", subject="咨询", text="请问如何申报？", status=MessageStatus.PENDING)
    mine = queue(city)
    assert mine["待终审申报"][0] == 1 and mine["待初审申报（市级登记）"][0] == 1
    assert mine["待回复留言"][0] == 1
    monitor = user_with_role(Role.MONITOR)
    flag_on(SupplyListingFactory())
    assert queue(monitor)["待处理监测标记"] == (1, "/admin/moderation/flags/?status=open&correction=none")
    expert = user_with_role(Role.EXPERT)
    ExpertReview.objects.create(application=ApplicationFactory(status=Status.CITY_APPROVED), expert=expert)
    assert queue(expert)["待评分"] == (1, "/admin/nominations/expert-reviews/?scored=0")


def test_each_link_lists_exactly_what_was_counted(user_with_role, login):
    provider = ProviderFactory()
    user = user_with_role(Role.PROVIDER, provider=provider)
    today = timezone.localdate()
    late = flag_on(SupplyListingFactory(provider=provider, title="逾期整改的项目"), correction_deadline=today - datetime.timedelta(days=2))
    flag_on(SupplyListingFactory(provider=provider, title="整改期内的项目"), correction_deadline=today + datetime.timedelta(days=2))
    client = login(user)
    url = queue(user)["逾期未整改"][1]
    page = client.get(url).content.decode()
    assert late.target_label in page and "整改期内的项目" not in page


def test_the_dashboard_shows_the_queue_with_a_bounded_number_of_queries(
    user_with_role, login, django_assert_max_num_queries
):
    huangpu = district("黄浦区")
    user = user_with_role(Role.DISTRICT_ADMIN, district=huangpu)
    client = login(user)
    ApplicationFactory(provider=ProviderFactory(district=huangpu), status=Status.SUBMITTED)
    client.get("/admin/")
    with django_assert_max_num_queries(200) as few:
        page = client.get("/admin/").content.decode()
    assert "待办事项" in page and re.search(r"待审核申报</span> <strong[^>]*>1</strong>", page)
    for _ in range(6):
        ApplicationFactory(provider=ProviderFactory(district=huangpu), status=Status.SUBMITTED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/admin/").content.decode()
    assert re.search(r"待审核申报</span> <strong[^>]*>7</strong>", page)
