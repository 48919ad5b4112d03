"""The moderator queue in the admin: who sees what, filters, and each action end to end."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from catalog.factories import ProviderFactory, PurchaserFactory, district
from catalog.models import CreditEvent, SupplyListing
from moderation.actions import ActionRefused, perform
from moderation.models import ActionKind, Flag, FlagAction, FlagStatus
from notifications.models import Notification

from .helpers import demand, publish, supply

pytestmark = pytest.mark.django_db

INDEX = reverse("flags:index")
TODAY = timezone.localdate()


def inspect_url(flag):
    return reverse("flags:inspect", args=[flag.pk])


@pytest.fixture
def claim():
    """An open 'absolute claim' flag on a provider's published supply listing."""
    provider = ProviderFactory()
    listing = publish(supply(provider=provider, summary="我们提供全市最专业的居家养老服务"))
    return Flag.objects.get(object_id=listing.pk, rule="claims.absolute")


def act(client, flag, action, opinion="核实后处理", deadline=""):
    return client.post(
        inspect_url(flag),
        {"act-action": action, "act-opinion": opinion, "act-deadline": deadline},
    )


def test_the_monitor_sees_every_flag_and_can_filter_by_rule_severity_district_and_status(
    claim, user_with_role, login, django_assert_max_num_queries
):
    other = publish(demand(summary="联系13912345678"))
    client = login(user_with_role(Role.MONITOR))
    with django_assert_max_num_queries(30):
        page = client.get(INDEX).content.decode()
    assert claim.target_label in page and other.title in page
    assert other.title not in client.get(INDEX, {"rule": "claims.absolute"}).content.decode()
    assert claim.target_label in client.get(INDEX, {"severity": "medium"}).content.decode()
    assert claim.target_label not in client.get(INDEX, {"status": "dismissed"}).content.decode()
    elsewhere = district("徐汇区").pk
    assert claim.target_label not in client.get(INDEX, {"district": elsewhere}).content.decode()


def test_the_queue_page_does_not_query_per_row(
    user_with_role, login, django_assert_max_num_queries
):
    provider = ProviderFactory()
    for i in range(12):
        publish(supply(provider=provider, title=f"项目{i}", summary=f"顶级服务第{i}号" * 3))
    client = login(user_with_role(Role.MONITOR))
    client.get(INDEX)
    with django_assert_max_num_queries(30) as few:
        client.get(INDEX)
    for i in range(12):
        publish(supply(provider=provider, title=f"更多项目{i}", summary=f"顶级服务更多{i}号" * 3))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(INDEX)


def test_a_provider_sees_only_flags_on_its_own_records(claim, user_with_role, login):
    own = login(user_with_role(Role.PROVIDER, provider=claim.provider))
    assert claim.target_label in own.get(INDEX).content.decode()
    assert own.get(inspect_url(claim)).status_code == 200
    stranger = login(user_with_role(Role.PROVIDER))
    assert claim.target_label not in stranger.get(INDEX).content.decode()
    assert stranger.get(inspect_url(claim)).status_code == 404


def test_a_district_admin_sees_its_districts_flags_only(claim, user_with_role, login):
    assert (
        claim.target_label
        in login(user_with_role(Role.DISTRICT_ADMIN, district=claim.district))
        .get(INDEX)
        .content.decode()
    )
    other = user_with_role(Role.DISTRICT_ADMIN, district=district("徐汇区"))
    assert claim.target_label not in login(other).get(INDEX).content.decode()


def test_experts_cannot_open_the_queue(claim, user_with_role, login):
    client = login(user_with_role(Role.EXPERT))
    assert client.get(INDEX).status_code in (302, 403)
    assert client.get(inspect_url(claim)).status_code in (302, 403, 404)


def test_nobody_can_edit_or_add_flags_through_generic_forms(claim, user_with_role, login):
    client = login(user_with_role(Role.MONITOR))
    assert client.get(reverse("flags:edit", args=[claim.pk])).status_code in (302, 403)
    assert client.get(reverse("flags:add")).status_code in (302, 403)


def test_the_monitor_dismisses_with_an_opinion_and_the_publisher_hears_of_it(
    claim, user_with_role, login
):
    staff = user_with_role(Role.PROVIDER, provider=claim.provider)
    monitor = user_with_role(Role.MONITOR)
    response = act(login(monitor), claim, "dismiss", "系正常表述")
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == FlagStatus.DISMISSED
    entry = claim.actions.get(kind=ActionKind.DISMISS)
    assert (entry.actor, entry.opinion) == (monitor, "系正常表述")
    assert Notification.objects.filter(recipient=staff, title__contains="驳回").exists()


def test_an_action_without_an_opinion_changes_nothing(claim, user_with_role, login):
    response = act(login(user_with_role(Role.MONITOR)), claim, "dismiss", opinion="")
    assert response.status_code == 200
    assert "请填写处理意见" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == FlagStatus.OPEN and not claim.actions.exists()


def test_a_correction_request_needs_a_future_deadline(claim, user_with_role, login):
    client = login(user_with_role(Role.MONITOR))
    response = act(client, claim, "request_correction", deadline=TODAY.isoformat())
    assert "整改期限应晚于今天" in response.content.decode()
    deadline = TODAY + datetime.timedelta(days=10)
    act(client, claim, "request_correction", deadline=deadline.isoformat())
    claim.refresh_from_db()
    assert claim.correction_deadline == deadline and claim.status == FlagStatus.OPEN


def test_hiding_takes_the_listing_off_the_public_site_without_unpublishing(
    claim, user_with_role, login
):
    act(login(user_with_role(Role.MONITOR)), claim, "hide", "待核实")
    listing = SupplyListing.objects.get(pk=claim.object_id)
    assert listing.live and listing.hidden_at and listing.hidden_reason == "待核实"
    assert not SupplyListing.objects.public().filter(pk=listing.pk).exists()


def test_a_hidden_listing_comes_back_when_the_publisher_fixes_it(claim, user_with_role):
    perform(claim, "hide", user_with_role(Role.MONITOR), "待核实")
    listing = SupplyListing.objects.get(pk=claim.object_id)
    listing.summary = "我们提供专业、持续的居家养老服务"
    publish(listing)
    listing.refresh_from_db()
    assert listing.hidden_at is None
    assert Flag.objects.get(pk=claim.pk).status == FlagStatus.RESOLVED


def test_confirming_before_the_correction_window_has_passed_is_refused(claim, user_with_role):
    monitor = user_with_role(Role.MONITOR)
    with pytest.raises(ActionRefused, match="请先要求发布方整改"):
        perform(claim, "confirm", monitor, "夸大")
    perform(claim, "request_correction", monitor, "请删除", TODAY + datetime.timedelta(days=7))
    with pytest.raises(ActionRefused, match="尚未届满"):
        perform(claim, "confirm", monitor, "夸大")
    assert not CreditEvent.objects.exists()


def test_confirming_after_the_window_creates_a_credit_event_that_the_city_can_reverse(
    claim, user_with_role, login
):
    monitor = user_with_role(Role.MONITOR)
    bureau = user_with_role(Role.DISTRICT_ADMIN, district=claim.provider.district)
    perform(claim, "request_correction", monitor, "请删除", TODAY + datetime.timedelta(days=7))
    Flag.objects.filter(pk=claim.pk).update(correction_deadline=TODAY - datetime.timedelta(days=1))

    act(login(monitor), claim, "confirm", "逾期未整改，认定为夸大宣传")
    claim.refresh_from_db()
    event = claim.credit_event
    assert claim.status == FlagStatus.CONFIRMED
    assert (event.provider, event.kind, event.is_active) == (claim.provider, "false_claim", True)
    assert f"第{claim.pk}号标记" in event.source
    assert Notification.objects.filter(recipient=bureau, title__contains="信用记录").exists()

    # The monitor may not reverse it; the district bureau neither; the city may, with a reason.
    assert act(login(monitor), claim, "reverse_credit", "误判").status_code == 200
    assert act(login(bureau), claim, "reverse_credit", "误判").status_code == 200
    city = user_with_role(Role.CITY_ADMIN)
    act(login(city), claim, "reverse_credit", opinion="")
    event.refresh_from_db()
    assert event.is_active
    act(login(city), claim, "reverse_credit", "复核认为属实际获奖情况")
    event.refresh_from_db()
    assert (event.is_active, event.reversed_by, event.reversal_reason) == (
        False,
        city,
        "复核认为属实际获奖情况",
    )
    assert FlagAction.objects.filter(
        flag=claim, kind=ActionKind.REVERSE_CREDIT, actor=city
    ).exists()


def test_privacy_findings_or_purchasers_cannot_be_confirmed_as_false_claims(user_with_role):
    monitor = user_with_role(Role.MONITOR)
    listing = publish(demand(purchaser=PurchaserFactory(), summary="联系13912345678"))
    flag = Flag.objects.get(object_id=listing.pk, rule="privacy.mobile")
    Flag.objects.filter(pk=flag.pk).update(correction_deadline=TODAY - datetime.timedelta(days=1))
    with pytest.raises(ActionRefused, match="不属于虚假"):
        perform(flag, "confirm", monitor, "x")


def test_the_publisher_answers_but_cannot_decide(claim, user_with_role, login):
    monitor = user_with_role(Role.MONITOR)
    staff = login(user_with_role(Role.PROVIDER, provider=claim.provider))
    page = staff.get(inspect_url(claim)).content.decode()
    assert "答复" in page and "认定为虚假" not in page and "对公众屏蔽" not in page
    act(staff, claim, "respond", "已删除相关表述")
    assert Notification.objects.filter(recipient=monitor, title__contains="答复").exists()
    assert act(staff, claim, "dismiss", "自己驳回").status_code == 200
    claim.refresh_from_db()
    assert claim.status == FlagStatus.OPEN


def test_monitors_cannot_answer_for_the_publisher(claim, user_with_role):
    with pytest.raises(ActionRefused, match="无权"):
        perform(claim, "respond", user_with_role(Role.MONITOR), "代为答复")
