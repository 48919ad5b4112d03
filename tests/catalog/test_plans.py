"""The yearly plan as a stage (`001` art. 4(3)): a planned item (拟购买) is public, and only
whoever may edit it opens it, with an approved budget; bad input changes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts.roles import Role
from catalog import checks, planning
from catalog.factories import DemandListingFactory, PurchaserFactory, district
from catalog.models import DemandListing
from search import service as search_service
from search.backends.base import SearchQuery

pytestmark = pytest.mark.django_db

DEMAND = "/admin/snippets/catalog/demandlisting/"
TODAY = timezone.localdate()


def open_url(listing):
    return f"{DEMAND}open-plan/{listing.pk}/"


def approval(**fields):
    data = {
        "budget": "300000",
        "budget_approved_on": (TODAY - datetime.timedelta(days=3)).isoformat(),
        "purchase_method": "competitive_consultation",
        "response_deadline": (TODAY + datetime.timedelta(days=20)).isoformat(),
    }
    data.update(fields)
    return data


@pytest.fixture
def plan():
    return DemandListingFactory(planned=True, title="社区心理健康服务（年度计划）", budget=250000)


@pytest.fixture
def owner(plan, user_with_role):
    return user_with_role(Role.PURCHASER, purchaser=plan.purchaser)


# --- who may open a plan -------------------------------------------------------------


def test_the_purchaser_opens_its_own_plan_with_the_approved_budget(plan, owner, login):
    client = login(owner)
    page = client.get(open_url(plan)).content.decode()
    assert "预算已批复，转为正式需求" in page and "批复的预算金额" in page
    response = client.post(open_url(plan), approval())
    assert response.status_code == 302
    assert response["Location"] == f"{DEMAND}edit/{plan.pk}/"
    plan.refresh_from_db()
    assert plan.status == "published"
    assert plan.budget == Decimal("300000")
    assert plan.budget_approved_on == TODAY - datetime.timedelta(days=3)
    assert plan.purchase_method == "competitive_consultation"
    assert plan.opened_at is not None
    # The public API says when it opened (a reader of the API sees the plan become a demand).
    answer = client.get(f"/api/demand-listings/{plan.pk}/").json()
    assert answer["status"] == "published" and answer["opened_at"].startswith(TODAY.isoformat())
    entry = ModelLogEntry.objects.get(action=planning.OPEN_PLAN)
    assert entry.object_id == str(plan.pk) and entry.user == owner
    assert entry.data["budget"] == "300000.00" and entry.data["planned_budget"] == "250000.00"
    history = client.get(f"{DEMAND}history/{plan.pk}/").content.decode()
    assert "预算已批复，转为正式需求 — 批复预算 300000.00 元" in history


def test_another_purchaser_cannot_open_the_plan(plan, user_with_role, login):
    other = user_with_role(Role.PURCHASER, purchaser=PurchaserFactory())
    client = login(other)
    assert client.get(open_url(plan)).status_code == 404
    assert client.post(open_url(plan), approval()).status_code == 404
    plan.refresh_from_db()
    assert plan.status == "planned" and plan.opened_at is None
    with pytest.raises(planning.PlanRefused):
        planning.open_plan(plan, other, budget=Decimal(1), budget_approved_on=TODAY)


def test_a_provider_cannot_open_a_plan(plan, user_with_role, login):
    provider = user_with_role(Role.PROVIDER)
    client = login(provider)
    assert client.get(open_url(plan)).status_code in (302, 403, 404)
    assert client.post(open_url(plan), approval()).status_code in (302, 403, 404)
    plan.refresh_from_db()
    assert plan.status == "planned"
    with pytest.raises(planning.PlanRefused):
        planning.open_plan(plan, provider, budget=Decimal(1), budget_approved_on=TODAY)
    assert not ModelLogEntry.objects.filter(action=planning.OPEN_PLAN).exists()


def test_the_district_admin_of_the_purchaser_may_open_it_another_district_may_not(
    plan, user_with_role
):
    own = user_with_role(Role.DISTRICT_ADMIN, district=plan.purchaser.district)
    other = user_with_role(Role.DISTRICT_ADMIN, district=district("崇明区"))
    assert planning.may_open(own, plan) and not planning.may_open(other, plan)


def test_the_button_is_on_the_list_and_the_edit_screen_of_a_plan_only(plan, owner, login):
    client = login(owner)
    opened = DemandListingFactory(purchaser=plan.purchaser, title="已开放的项目")
    listing = client.get(DEMAND).content.decode()
    assert open_url(plan) in listing and open_url(opened) not in listing
    edit = client.get(f"{DEMAND}edit/{plan.pk}/").content.decode()
    assert "data-plan-panel" in edit and open_url(plan) in edit
    assert "data-plan-panel" not in client.get(f"{DEMAND}edit/{opened.pk}/").content.decode()


# --- bad input: a Chinese message, nothing changed ----------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"budget_approved_on": ""}, "请填写预算批复日期"),
        ({"budget": ""}, "请填写批复的预算金额"),
        ({"budget": "0"}, "批复的预算金额须大于零"),
        (
            {"budget_approved_on": (TODAY + datetime.timedelta(days=1)).isoformat()},
            "预算批复日期不能晚于今天",
        ),
        (
            {"response_deadline": (TODAY - datetime.timedelta(days=1)).isoformat()},
            "对接截止日期不能早于今天",
        ),
        ({"purchase_method": "auction"}, "选择一个有效的选项"),
    ],
)
def test_bad_input_is_refused_with_a_chinese_message_and_changes_nothing(
    plan, owner, login, fields, message
):
    response = login(owner).post(open_url(plan), approval(**fields))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "未能转为正式需求" in page
    plan.refresh_from_db()
    assert plan.status == "planned" and plan.budget == Decimal("250000")
    assert plan.budget_approved_on is None and plan.opened_at is None
    assert not ModelLogEntry.objects.filter(action=planning.OPEN_PLAN).exists()


def test_an_open_listing_cannot_be_opened_again(owner, login):
    listing = DemandListingFactory(purchaser=owner.account.purchaser)
    client = login(owner)
    assert "不是拟购买项目" in client.get(open_url(listing)).content.decode()
    response = client.post(open_url(listing), approval(budget="1"))
    assert "不是拟购买项目" in response.content.decode()
    listing.refresh_from_db()
    assert listing.budget == Decimal("200000")


def edit_form(listing, **fields):
    data = {
        "title": listing.title,
        "domain": listing.domain_id,
        "year": listing.year,
        "service_targets": listing.service_targets,
        "contact_person": listing.contact_person,
        "phone": listing.phone,
        "budget": listing.budget,
        "status": listing.status,
    }
    return {**data, **fields}


def test_the_edit_form_cannot_open_a_plan_or_turn_a_listing_into_one(plan, owner, login):
    client = login(owner)
    response = client.post(f"{DEMAND}edit/{plan.pk}/", edit_form(plan, status="published"))
    assert response.status_code == 200
    assert "通过「预算已批复，转为正式需求」转为正式需求" in response.content.decode()
    opened = DemandListingFactory(purchaser=plan.purchaser)
    response = client.post(f"{DEMAND}edit/{opened.pk}/", edit_form(opened, status="planned"))
    assert "不能改回拟购买" in response.content.decode()
    plan.refresh_from_db()
    opened.refresh_from_db()
    assert plan.status == "planned" and opened.status == "published"
    # A plan may be dropped, and a new listing may start as a plan.
    client.post(
        f"{DEMAND}edit/{plan.pk}/", {**edit_form(plan, status="cancelled"), "action-publish": "1"}
    )
    plan.refresh_from_db()
    assert plan.status == "cancelled"
    new = edit_form(plan, title="新的年度计划项目", status="planned", budget="")
    assert client.post(f"{DEMAND}add/", {**new, "action-publish": "1"}).status_code == 302
    assert DemandListing.objects.get(title="新的年度计划项目").status == "planned"


def test_a_plan_cannot_carry_a_budget_approval_date(plan):
    plan.budget_approved_on = TODAY
    with pytest.raises(IntegrityError), transaction.atomic():
        plan.save()


def test_a_draft_saved_before_the_opening_does_not_put_the_plan_back(plan, owner):
    plan.summary = "草稿中的新概述"
    plan.save_revision(user=owner)
    planning.open_plan(
        plan, owner, budget=Decimal("300000"), budget_approved_on=TODAY - datetime.timedelta(1)
    )
    plan.refresh_from_db()
    draft = plan.latest_revision.as_object()
    assert draft.status == "published" and draft.budget_approved_on == plan.budget_approved_on
    assert draft.summary == "草稿中的新概述"


# --- completeness: nothing a plan cannot have yet ---------------------------------------


def test_a_plan_is_not_asked_for_what_it_cannot_have_yet(plan):
    plan.budget = None
    missing = {name for name, _required in plan.missing_fields()}
    assert not missing & {"budget", "purchase_method", "budget_approved_on"}
    assert not [f for f in checks.run_checks(plan) if f.blocks]
    opened = DemandListingFactory(budget=None, purchase_method="")
    assert {"budget", "purchase_method"} <= {name for name, _r in opened.missing_fields()}


# --- public: board, detail, API, search ---------------------------------------------------


def test_the_board_shows_plans_with_a_badge_and_filters_by_status(plan, client):
    DemandListingFactory(title="已开放的助餐项目")
    board = client.get("/demand/").content.decode()
    assert plan.title in board and "已开放的助餐项目" in board
    assert 'data-planned title="年度计划项目，预算批复后开放对接">拟购买</span>' in board
    assert '<option value="planned"' in board
    planned = client.get("/demand/", {"status": "planned"}).content.decode()
    assert plan.title in planned and "已开放的助餐项目" not in planned
    published = client.get("/demand/", {"status": "published"}).content.decode()
    assert plan.title not in published


def test_the_detail_page_says_it_is_a_plan_not_yet_open(plan, client):
    page = client.get(f"/demand/{plan.pk}/").content.decode()
    assert "data-planned" in page and "预算尚未批复，尚未开放对接" in page
    opened = DemandListingFactory()
    assert "data-planned" not in client.get(f"/demand/{opened.pk}/").content.decode()


def test_the_api_lists_plans_and_filters_them(plan, client):
    DemandListingFactory(title="已开放的助餐项目")
    rows = client.get("/api/demand-listings/", {"status": "planned"}).json()["results"]
    assert [(r["title"], r["status"], r["status_display"], r["opened_at"]) for r in rows] == [
        (plan.title, "planned", "拟购买", None)
    ]


def test_plans_are_found_by_search_with_their_status_facet(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.SEARCH_EMBEDDED_PATH = str(tmp_path / "search.sqlite3")
    settings.ELASTICSEARCH_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        plan = DemandListingFactory(planned=True, title="社区心理健康服务计划")
        DemandListingFactory(title="社区心理健康服务项目")
    outcome = search_service.search(SearchQuery(q="心理健康", filters={"status": ["planned"]}))
    assert [h.key for h in outcome.results.hits] == [f"demand:{plan.pk}"]


# --- bulk import ----------------------------------------------------------------------------


def test_the_import_takes_plans_and_refuses_a_plan_with_an_approval_date():
    from catalog.importing import import_file
    from tests.catalog.spreadsheets import table, upload, xlsx_bytes

    purchaser = PurchaserFactory()
    headers = [
        "购买主体",
        "项目名称",
        "业务领域",
        "项目年度",
        "服务对象",
        "联系人",
        "联系电话",
        "预算金额（元）",
        "预算批复日期",
        "项目状态",
    ]
    row = {
        "购买主体": purchaser.name,
        "项目名称": "年度计划：社区助餐",
        "业务领域": "2.1",
        "项目年度": 2026,
        "服务对象": "老人",
        "联系人": "王老师",
        "联系电话": "021-63210000",
        "预算金额（元）": "200000",
        "预算批复日期": "",
        "项目状态": "拟购买",
    }

    def run(**fields):
        content = xlsx_bytes(table(headers, {**row, **fields}))
        return import_file("demand", upload("plan.xlsx", content), "plan.xlsx")

    refused = run(预算批复日期="2026-03-01")
    assert not refused.ok and not DemandListing.objects.exists()
    assert [p.column for p in refused.problems] == ["预算批复日期"]
    assert "拟购买项目的预算尚未批复" in refused.problems[0].message
    # An open demand needs its budget; a plan's estimate may not be known yet.
    refused = run(**{"预算金额（元）": "", "项目状态": "已发布"})
    assert not refused.ok and not DemandListing.objects.exists()
    assert [p.column for p in refused.problems] == ["预算金额（元）"]
    assert "无法发布" in refused.problems[0].message
    report = run(**{"预算金额（元）": ""})
    assert report.ok, report.problems
    assert DemandListing.objects.get().budget is None
    DemandListing.objects.all().delete()
    report = run()
    assert report.ok, report.problems
    assert DemandListing.objects.get().status == "planned"


# --- the purchaser's work queue --------------------------------------------------------------


def test_the_purchasers_work_queue_counts_its_own_plans_and_lists_exactly_them(
    plan, owner, user_with_role, login
):
    from gxpt.work_queue import items_for

    DemandListingFactory(planned=True)  # another purchaser's plan
    DemandListingFactory(purchaser=plan.purchaser, title="已开放的助餐项目")
    (item,) = [i for i in items_for(owner) if i.label.startswith("拟购买项目")]
    assert item.count == 1 and item.url.endswith("?status=planned")
    page = login(owner).get(item.url).content.decode()
    assert plan.title in page and "已开放的助餐项目" not in page
    district_admin = user_with_role(Role.DISTRICT_ADMIN, district=plan.purchaser.district)
    assert not [i for i in items_for(district_admin) if i.label.startswith("拟购买项目")]
