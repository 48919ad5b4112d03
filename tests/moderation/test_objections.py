"""Objections (异议) and credit repair (信用修复): who lodges and answers, what each answer repairs,
the evidence files, deadlines and reminders, and the history both show."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from catalog.factories import ProviderFactory, PurchaserFactory, district
from catalog.models import CreditEvent, SupplyListing
from moderation import objections
from moderation.actions import ActionRefused, perform
from moderation.engine import check_listing
from moderation.models import (
    ActionKind,
    Flag,
    FlagStatus,
    Objection,
    ObjectionEvidence,
    ObjectionKind,
    ObjectionStatus,
)
from moderation.objections import ObjectionRefused, answer_deadline, submit
from nominations.factories import png_bytes
from notifications.models import Notification
from tests.security.files import pdf_bytes, polyglot_html_pdf

from .helpers import demand, publish, supply

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
INDEX = reverse("objections:index")
REASONS = "该表述引用的是市民政局颁发的荣誉称号，并非夸大宣传，附获奖证书。"


def lodge_url(flag):
    return reverse("objections:lodge_flag", args=[flag.pk])


def inspect_url(objection):
    return reverse("objections:inspect", args=[objection.pk])


@pytest.fixture
def world(user_with_role):
    """A provider's confirmed false-claim flag with its credit event, and the people around it."""
    huangpu = district("黄浦区")
    provider = ProviderFactory(district=huangpu)
    listing = publish(supply(provider=provider, summary="我们提供全市最专业的居家养老服务"))
    flag = Flag.objects.get(object_id=listing.pk, rule="claims.absolute")
    people = {
        "provider": user_with_role(Role.PROVIDER, provider=provider),
        "other_provider": user_with_role(Role.PROVIDER, provider=ProviderFactory()),
        "monitor": user_with_role(Role.MONITOR),
        "city": user_with_role(Role.CITY_ADMIN),
        "district": user_with_role(Role.DISTRICT_ADMIN, district=huangpu),
        "other_district": user_with_role(Role.DISTRICT_ADMIN, district=district("闵行区")),
    }
    perform(flag, "request_correction", people["monitor"], "请删除", TODAY + 7 * DAY)
    Flag.objects.filter(pk=flag.pk).update(correction_deadline=TODAY - DAY)
    flag = perform(flag, "confirm", people["monitor"], "逾期未整改，认定为夸大宣传")
    return {"flag": flag, "listing": listing, "org": provider, **people}


def png_upload(name="证书.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def lodge(client, flag, kind="objection", reasons=REASONS, files=()):
    return client.post(lodge_url(flag), {"kind": kind, "reasons": reasons, "evidence": list(files)})


# --- lodging: who, on what ----------------------------------------------------------


def test_the_provider_objects_to_its_confirmed_flag_with_reasons_and_evidence(world, login):
    client = login(world["provider"])
    page = client.get(reverse("flags:inspect", args=[world["flag"].pk]))
    assert lodge_url(world["flag"]) in page.content.decode()  # 提出异议 on the flag page

    response = lodge(client, world["flag"], files=[png_upload(), png_upload("b.png")])
    objection = Objection.objects.get()
    assert response.status_code == 302 and response["Location"] == inspect_url(objection)
    assert (objection.kind, objection.status) == (ObjectionKind.OBJECTION, ObjectionStatus.PENDING)
    assert objection.credit_event == world["flag"].credit_event
    assert objection.deadline == answer_deadline(TODAY)
    assert objection.provider == world["org"] and objection.district.name == "黄浦区"
    names = [e.file.name for e in objection.evidence.all()]
    assert len(names) == 2 and all(
        n.startswith("moderation/evidence/") and n.endswith(".png") and "证书" not in n
        for n in names
    )
    assert world["flag"].actions.filter(kind=ActionKind.OBJECT, actor=world["provider"]).exists()
    # The centre is told, with the deadline.
    note = Notification.objects.get(recipient=world["monitor"])
    assert "收到异议" in note.title and objection.deadline.isoformat() in note.body


def test_another_provider_cannot_open_the_form_or_object(world, login):
    client = login(world["other_provider"])
    assert client.get(lodge_url(world["flag"])).status_code == 404
    assert lodge(client, world["flag"]).status_code == 404
    with pytest.raises(ObjectionRefused, match="只有被监测的发布单位本身"):
        submit(world["other_provider"], "objection", REASONS, flag=world["flag"])
    assert not Objection.objects.exists()


@pytest.mark.parametrize("role", ["monitor", "city", "district"])
def test_administrations_cannot_object_on_the_publishers_behalf(world, login, role):
    client = login(world[role])
    response = client.get(lodge_url(world["flag"]))
    assert response.status_code == 302  # sent back with the reason
    with pytest.raises(ObjectionRefused):
        submit(world[role], "objection", REASONS, flag=world["flag"])
    assert not Objection.objects.exists()


def test_an_open_flag_without_a_decision_cannot_be_objected_to(user_with_role, login):
    provider = ProviderFactory()
    listing = publish(supply(provider=provider, summary="我们提供顶级服务"))
    flag = Flag.objects.get(object_id=listing.pk, rule="claims.absolute")
    user = user_with_role(Role.PROVIDER, provider=provider)
    with pytest.raises(ObjectionRefused, match="只能对已认定或已要求整改"):
        submit(user, "objection", REASONS, flag=flag)
    # A correction request is a decision: that one may be objected to.
    perform(flag, "request_correction", user_with_role(Role.MONITOR), "请删除", TODAY + 5 * DAY)
    assert submit(user, "objection", REASONS, flag=flag).is_pending


def test_a_purchaser_objects_to_a_correction_request_on_its_listing(user_with_role, login):
    purchaser = PurchaserFactory()
    listing = publish(
        demand(purchaser=purchaser, summary="委托社会组织运营睦邻点，联系13912345678")
    )
    flag = Flag.objects.get(object_id=listing.pk, rule="privacy.mobile")
    monitor = user_with_role(Role.MONITOR)
    perform(flag, "request_correction", monitor, "请删除个人手机号", TODAY + 5 * DAY)
    client = login(user_with_role(Role.PURCHASER, purchaser=purchaser))
    assert lodge(client, flag).status_code == 302
    objection = Objection.objects.get()
    assert objection.purchaser == purchaser and objection.credit_event is None
    # While it waits, the centre cannot close the flag by the back door.
    with pytest.raises(ActionRefused, match="提出了异议"):
        perform(flag, "dismiss", monitor, "驳回")
    objections.perform(objection, "uphold", monitor, "该号码为单位公开的服务热线")
    flag.refresh_from_db()
    assert flag.status == FlagStatus.DISMISSED


def test_one_pending_objection_per_target(world):
    submit(world["provider"], "objection", REASONS, flag=world["flag"])
    with pytest.raises(ObjectionRefused, match="已有待答复"):
        submit(world["provider"], "objection", REASONS, flag=world["flag"])
    # Lodged on the credit event instead, it is the same matter (the flag's event).
    with pytest.raises(ObjectionRefused, match="已有待答复"):
        submit(world["provider"], "objection", REASONS, event=world["flag"].credit_event)
    assert Objection.objects.count() == 1


def test_reasons_are_required_and_nothing_is_saved_without_them(world, login):
    response = lodge(login(world["provider"]), world["flag"], reasons="   ")
    assert response.status_code == 200
    assert "请填写理由" in response.content.decode()
    assert not Objection.objects.exists()


# --- evidence files -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "证据.pdf", "只接受盖章后的扫描件或照片"),
        (polyglot_html_pdf(), "证据.html", "PDF"),
        (pdf_bytes(javascript="app.alert(1)"), "证据.pdf", "PDF 文件含有脚本"),
        (b"", "空.png", "文件"),
    ],
)
def test_a_bad_evidence_file_is_refused_in_chinese_and_nothing_is_saved(
    world, login, content, name, message
):
    response = lodge(
        login(world["provider"]),
        world["flag"],
        files=[png_upload(), SimpleUploadedFile(name, content, content_type="application/pdf")],
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "第2份证据材料未能上传" in text or "提交的文件为空" in text or message in text
    assert not Objection.objects.exists() and not ObjectionEvidence.objects.exists()
    assert not world["flag"].actions.filter(kind=ActionKind.OBJECT).exists()


def test_evidence_is_served_by_its_bytes_only_to_those_who_see_the_objection(world, login):
    lodge(login(world["provider"]), world["flag"], files=[png_upload("证据.html")])
    objection = Objection.objects.get()
    url = reverse("objections:evidence", args=[objection.pk])
    for role in ("provider", "monitor", "city", "district"):
        response = login(world[role]).get(url)
        assert response.status_code == 200, role
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "证据" not in response.get("Content-Disposition", "")
    for role in ("other_provider", "other_district"):
        assert login(world[role]).get(url).status_code == 404, role
    assert login(world["provider"]).get(url, {"n": 2}).status_code == 404


# --- answering: the upheld and the rejected path ------------------------------------


def test_only_the_centre_and_the_city_answer(world, login):
    objection = submit(world["provider"], "objection", REASONS, flag=world["flag"])
    for role in ("provider", "district"):
        client = login(world[role])
        page = client.get(inspect_url(objection)).content.decode()
        assert "提交答复" not in page
        client.post(inspect_url(objection), {"answer-action": "uphold", "answer-opinion": "成立"})
        with pytest.raises(ObjectionRefused, match="无权答复"):
            objections.perform(objection, "uphold", world[role], "成立")
    objection.refresh_from_db()
    assert objection.is_pending
    assert "提交答复" in login(world["monitor"]).get(inspect_url(objection)).content.decode()
    assert "提交答复" in login(world["city"]).get(inspect_url(objection)).content.decode()


def test_an_upheld_objection_dismisses_the_flag_and_reverses_the_credit_event(world, login):
    from matching.facts import facts_version

    objection = submit(world["provider"], "objection", REASONS, flag=world["flag"])
    before = facts_version()
    response = login(world["monitor"]).post(
        inspect_url(objection),
        {"answer-action": "uphold", "answer-opinion": "经核实，系市级荣誉称号，不属夸大"},
    )
    assert response.status_code == 302
    objection.refresh_from_db()
    flag, event = Flag.objects.get(pk=world["flag"].pk), CreditEvent.objects.get()
    assert objection.status == ObjectionStatus.UPHELD and objection.answered_by == world["monitor"]
    assert flag.status == FlagStatus.DISMISSED
    assert not event.is_active and event.reversed_by == world["monitor"]
    assert event.reversal_reason == "异议成立：经核实，系市级荣誉称号，不属夸大"
    # Matching forgets its cached facts: the provider is no longer marked.
    assert facts_version() != before
    assert not world["org"].credit_events.filter(reversed_at__isnull=True).exists()
    # The provider hears the answer.
    note = Notification.objects.filter(recipient=world["provider"]).latest("id")
    assert "异议成立" in note.title and "不属夸大" in note.body


def test_matching_stops_marking_the_provider_once_the_objection_is_upheld(world):
    from catalog.factories import DemandListingFactory, domain
    from matching.facts import match_demand

    listing = world["listing"]
    demand_listing = DemandListingFactory(domain=domain("2.1"), district=listing.district)

    def marked():
        found = match_demand(demand_listing, text=False)
        match = next(m for m in found.matches if m.provider.id == world["org"].pk)
        return match.warning, match.cautions

    assert marked() == (True, ["有1条未撤销的信用记录"])  # the facts are now kept (600 s)
    objection = submit(world["provider"], "objection", REASONS, flag=world["flag"])
    objections.perform(objection, "uphold", world["monitor"], "经核实不属夸大")
    assert marked() == (False, [])


def test_an_upheld_objection_shows_a_listing_the_centre_had_hidden_again(world):
    perform(world["flag"], "hide", world["monitor"], "涉嫌夸大，暂时屏蔽")
    assert SupplyListing.objects.get(pk=world["listing"].pk).hidden_at
    objection = submit(world["provider"], "objection", REASONS, flag=world["flag"])
    objections.perform(objection, "reject", world["monitor"], "维持认定")
    assert SupplyListing.objects.get(pk=world["listing"].pk).hidden_at  # rejected: stays hidden
    # A second objection on the same decision is refused in the UI; here the city reviews.
    second = Objection.objects.create(
        flag=world["flag"],
        credit_event=world["flag"].credit_event,
        target_label="x",
        provider=world["org"],
        reasons=REASONS,
        deadline=TODAY,
    )
    objections.perform(second, "uphold", world["city"], "复核认为不属夸大")
    listing = SupplyListing.objects.get(pk=world["listing"].pk)
    assert listing.hidden_at is None and listing.hidden_reason == ""


def test_a_rejected_objection_keeps_the_record_with_the_reason(world, login):
    objection = submit(world["provider"], "objection", REASONS, flag=world["flag"])
    client = login(world["city"])
    client.post(inspect_url(objection), {"answer-action": "reject", "answer-opinion": ""})
    objection.refresh_from_db()
    assert objection.is_pending  # no opinion, no answer
    client.post(
        inspect_url(objection),
        {"answer-action": "reject", "answer-opinion": "证书与所称“全市最专业”无关，维持认定"},
    )
    objection.refresh_from_db()
    flag, event = Flag.objects.get(pk=world["flag"].pk), CreditEvent.objects.get()
    assert objection.status == ObjectionStatus.REJECTED
    assert flag.status == FlagStatus.CONFIRMED and event.is_active
    note = Notification.objects.filter(recipient=world["provider"]).latest("id")
    assert "异议不成立" in note.title and "维持认定" in note.body
    # The same decision is not objected to twice; repair stays open (after correction).
    with pytest.raises(ObjectionRefused, match="不能再次提出异议"):
        submit(world["provider"], "objection", REASONS, flag=world["flag"])


def test_the_provider_withdraws_its_own_pending_objection(world, login):
    objection = submit(world["provider"], "objection", REASONS, flag=world["flag"])
    with pytest.raises(ObjectionRefused, match="只有提出申请的单位"):
        objections.perform(objection, "withdraw", world["other_provider"], "撤回")
    login(world["provider"]).post(inspect_url(objection), {"withdraw-opinion": "已与中心沟通"})
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.WITHDRAWN
    assert CreditEvent.objects.get().is_active


# --- credit repair ------------------------------------------------------------------


def test_repair_needs_the_problem_corrected_then_the_centre_grants_it(world, login):
    client = login(world["provider"])
    with pytest.raises(ObjectionRefused, match="问题仍然存在"):
        submit(world["provider"], "repair", "已整改，申请修复信用记录。", flag=world["flag"])

    listing = SupplyListing.objects.get(pk=world["listing"].pk)
    listing.summary = "我们提供专业、持续的居家养老服务"
    publish(listing)
    page = client.get(lodge_url(world["flag"])).content.decode()
    assert "信用修复申请" in page
    lodge(client, world["flag"], kind="repair", reasons="已删除夸大表述并重新发布，申请信用修复。")
    application = Objection.objects.get(kind=ObjectionKind.REPAIR)

    login(world["monitor"]).post(
        inspect_url(application),
        {"answer-action": "grant", "answer-opinion": "已整改到位，准予修复"},
    )
    application.refresh_from_db()
    flag, event = Flag.objects.get(pk=world["flag"].pk), CreditEvent.objects.get()
    assert application.status == ObjectionStatus.GRANTED
    assert flag.status == FlagStatus.RESOLVED
    assert not event.is_active and event.reversal_reason == "信用修复：已整改到位，准予修复"


def test_an_unpublished_listing_counts_as_corrected(world):
    SupplyListing.objects.filter(pk=world["listing"].pk).update(live=False)
    application = submit(
        world["provider"], "repair", "项目已下线，申请信用修复。", flag=world["flag"]
    )
    objections.perform(application, "refuse", world["monitor"], "下线不足以消除影响")
    assert CreditEvent.objects.get().is_active
    assert Objection.objects.get().status == ObjectionStatus.REFUSED


def test_a_credit_event_without_a_flag_is_objected_to_by_its_provider_only(world, login):
    event = CreditEvent.objects.create(
        provider=world["org"],
        kind="administrative_penalty",
        occurred_on=TODAY,
        description="行政处罚",
    )
    url = reverse("objections:lodge_credit", args=[event.pk])
    assert login(world["other_provider"]).get(url).status_code == 404
    assert login(world["district"]).get(url).status_code == 404
    client = login(world["provider"])
    assert client.get(url).status_code == 200
    client.post(url, {"kind": "objection", "reasons": REASONS})
    objection = Objection.objects.get(credit_event=event)
    assert objection.flag is None
    objections.perform(objection, "uphold", world["city"], "处罚决定已被撤销")
    event.refresh_from_db()
    assert event.reversal_reason == "异议成立：处罚决定已被撤销"


def test_the_providers_record_links_each_active_credit_event_to_its_objection(
    world, login, django_assert_max_num_queries
):
    active = CreditEvent.objects.create(
        provider=world["org"], kind="administrative_penalty", occurred_on=TODAY, description="处罚"
    )
    CreditEvent.objects.create(
        provider=world["org"],
        kind="administrative_penalty",
        occurred_on=TODAY - DAY,
        description="旧处罚",
        reversed_at=timezone.now(),
        reversal_reason="已撤销",
    )
    record = reverse("wagtailsnippets_catalog_provider:edit", args=[world["org"].pk])
    lodge_active = reverse("objections:lodge_credit", args=[active.pk])
    client = login(world["provider"])
    page = client.get(record).content.decode()
    # The flag's event and the penalty: one link each; the reversed event none.
    assert page.count("提出异议或申请信用修复") == 2 and lodge_active in page
    assert page.count(lodge_active.rsplit("/", 2)[0] + "/") == 2

    client.post(lodge_active, {"kind": "objection", "reasons": REASONS})
    objection = Objection.objects.get(credit_event=active)
    page = client.get(record).content.decode()
    assert lodge_active not in page and inspect_url(objection) in page and "申请待答复" in page

    # An administration sees the record, not the provider's own links.
    district_page = login(world["district"]).get(record).content.decode()
    assert "年检与信用记录" in district_page and "提出异议或申请信用修复" not in district_page
    # The links cost the same queries whatever the number of events.
    client = login(world["provider"])
    before = len(connection_queries(client, record))
    for n in range(5):
        CreditEvent.objects.create(
            provider=world["org"], kind="administrative_penalty", occurred_on=TODAY, description=n
        )
    with django_assert_max_num_queries(before):
        assert client.get(record).content.decode().count("提出异议或申请信用修复") == 6


def connection_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return captured.captured_queries


# --- history ------------------------------------------------------------------------


def test_the_flag_and_the_objection_history_read_in_chinese(world, login):
    objection = submit(world["provider"], "objection", REASONS, flag=world["flag"])
    objections.perform(objection, "uphold", world["monitor"], "经核实不属夸大")
    flag_page = (
        login(world["provider"])
        .get(reverse("flags:inspect", args=[world["flag"].pk]))
        .content.decode()
    )
    for text in ("发布方提出异议", "异议成立", "撤销信用记录", "异议成立：经核实不属夸大", REASONS):
        assert text in flag_page, text
    page = login(world["district"]).get(inspect_url(objection)).content.decode()
    assert "提出；意见：" in page and "异议成立（撤销认定）；意见：经核实不属夸大" in page


# --- the queue, scoping, deadlines and reminders ------------------------------------


def test_the_queue_is_scoped_and_puts_the_oldest_deadline_first_with_overdue_marked(
    world, login, user_with_role
):
    other_provider = ProviderFactory(district=district("闵行区"))
    listing = publish(supply(provider=other_provider, summary="全市最好的助残机构，提供康复服务"))
    # Checked here, not by the outbox: the fixture's notifications already opened this test
    # transaction's one after-commit drain, which a test never commits.
    check_listing(listing)
    flag = Flag.objects.get(object_id=listing.pk, rule="claims.absolute")
    first = submit(world["provider"], "objection", REASONS, flag=world["flag"])
    perform(flag, "request_correction", world["monitor"], "请删除", TODAY + 5 * DAY)
    second = submit(
        user_with_role(Role.PROVIDER, provider=other_provider), "objection", REASONS, flag=flag
    )
    Objection.objects.filter(pk=second.pk).update(deadline=TODAY - 2 * DAY)

    page = login(world["monitor"]).get(INDEX).content.decode()
    assert page.index(inspect_url(second)) < page.index(inspect_url(first))
    assert "（已逾期）" in page
    district_page = login(world["district"]).get(INDEX).content.decode()
    assert inspect_url(first) in district_page and inspect_url(second) not in district_page
    assert login(world["other_district"]).get(inspect_url(first)).status_code == 404
    assert login(world["other_provider"]).get(inspect_url(first)).status_code == 404
    overdue = login(world["monitor"]).get(INDEX, {"deadline": "overdue"}).content.decode()
    assert inspect_url(second) in overdue and inspect_url(first) not in overdue


def test_the_deadline_counts_working_days():
    monday = datetime.date(2026, 11, 30)
    assert answer_deadline(monday, 15) == datetime.date(2026, 12, 21)
    assert answer_deadline(datetime.date(2026, 12, 5), 1) == datetime.date(2026, 12, 7)  # Sat


def test_the_deadline_skips_public_holidays_and_counts_swapped_working_weekends():
    # 2026's National Day: 1-7 October off, Saturday 10 October a working day (国办发明电).
    lodged = datetime.date(2026, 9, 28)  # Monday
    assert answer_deadline(lodged, 2) == datetime.date(2026, 9, 30)
    assert answer_deadline(lodged, 3) == datetime.date(2026, 10, 8)
    assert answer_deadline(lodged, 5) == datetime.date(2026, 10, 10)
    # Spring Festival 2026: 15-23 February off, Saturday 28 February a working day.
    assert answer_deadline(datetime.date(2026, 2, 13), 1) == datetime.date(2026, 2, 14)  # Sat
    assert answer_deadline(datetime.date(2026, 2, 14), 1) == datetime.date(2026, 2, 24)


def test_a_year_without_holiday_data_counts_monday_to_friday():
    assert answer_deadline(datetime.date(2040, 1, 6), 1) == datetime.date(2040, 1, 9)  # Fri → Mon


def test_the_centre_is_reminded_once_of_objections_near_their_deadline(world):
    objection = submit(world["provider"], "objection", REASONS, flag=world["flag"])
    Notification.objects.all().delete()
    assert objections.remind_due() == 0  # 15 working days away
    Objection.objects.filter(pk=objection.pk).update(deadline=TODAY + 2 * DAY)
    assert objections.remind_due() == 1
    note = Notification.objects.get(recipient=world["monitor"])
    assert "即将到期" in note.title and world["flag"].target_label in note.body
    assert objections.remind_due() == 0
    assert Notification.objects.count() == 1


def test_the_dashboard_shows_the_centre_its_queue_and_the_provider_what_it_may_object_to(
    world, login
):
    from gxpt.work_queue import items_for

    labels = {item.label: item.count for item in items_for(world["provider"])}
    assert labels.get("可提出异议或申请信用修复的认定") == 1
    submit(world["provider"], "objection", REASONS, flag=world["flag"])
    assert "可提出异议或申请信用修复的认定" not in {i.label for i in items_for(world["provider"])}
    items = {item.label: item for item in items_for(world["monitor"])}
    assert items["待答复异议和信用修复申请"].count == 1
    # Each item's link lists exactly what it counts: one objection past its deadline, one not.
    overdue = Objection.objects.get()
    Objection.objects.filter(pk=overdue.pk).update(deadline=TODAY - DAY)
    event = CreditEvent.objects.create(
        provider=world["org"], kind="administrative_penalty", occurred_on=TODAY, description="处罚"
    )
    waiting = submit(world["provider"], "objection", REASONS, event=event)
    items = {item.label: item for item in items_for(world["monitor"])}
    assert items["待答复异议和信用修复申请"].count == 1 and items["逾期未答复的异议"].count == 1
    client = login(world["monitor"])
    for label, shown, hidden in (
        ("待答复异议和信用修复申请", waiting, overdue),
        ("逾期未答复的异议", overdue, waiting),
    ):
        page = client.get(items[label].url).content.decode()
        assert inspect_url(shown) in page and inspect_url(hidden) not in page, label
