"""The yearly plan's items (拟购买) in matching: fitting providers are alerted of the plan and
once more when it opens, never twice; followers hear of the opening; plans are ranked."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from accounts.roles import Role
from catalog import planning
from catalog.factories import (
    DemandListingFactory,
    ProviderFactory,
    PurchaserFactory,
    SupplyListingFactory,
    district,
    domain,
)
from matching import alerts
from matching.facts import match_demand, match_provider
from matching.models import AlertedListing, Follow, SavedSearch
from notifications.models import Notification
from search import indexing

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def provider_user(user_with_role, code="2.1", district_name="黄浦区"):
    provider = ProviderFactory(district=district(district_name))
    SupplyListingFactory(provider=provider, domain=domain(code), district=district(district_name))
    return user_with_role(Role.PROVIDER, provider=provider)


def bodies(user):
    return list(
        Notification.objects.filter(recipient=user).order_by("pk").values_list("body", flat=True)
    )


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def _run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return _run


def plan_of(purchaser=None, **fields):
    fields = {
        "title": "社区心理健康服务（年度计划）",
        "domain": domain("2.1"),
        "district": district("黄浦区"),
        **fields,
    }
    return DemandListingFactory(planned=True, purchaser=purchaser or PurchaserFactory(), **fields)


def open_it(plan, user):
    return planning.open_plan(
        plan,
        user,
        budget=Decimal("300000"),
        budget_approved_on=TODAY - datetime.timedelta(days=1),
    )


def test_fitting_providers_hear_of_the_plan_and_again_when_it_opens_never_twice(
    user_with_role, run
):
    fits = provider_user(user_with_role)
    elsewhere = provider_user(user_with_role, code="6.1")
    plan = plan_of()
    assert run(alerts.send_new_listing_alerts) == 1
    (first,) = bodies(fits)
    assert "社区心理健康服务（年度计划）【拟购买：年度计划项目，预算批复后开放对接】" in first
    assert AlertedListing.objects.get(pk=plan.pk).stage == "planned"
    assert run(alerts.send_new_listing_alerts) == 0  # the plan is not told twice

    owner = user_with_role(Role.PURCHASER, purchaser=plan.purchaser)
    run(open_it, plan, owner)
    assert run(alerts.send_new_listing_alerts) == 1
    second = bodies(fits)[1]
    assert "社区心理健康服务（年度计划）【拟购买项目预算已批复，现已开放对接】" in second
    assert AlertedListing.objects.get(pk=plan.pk).stage == "open"
    assert run(alerts.send_new_listing_alerts) == 0  # nor the opening
    assert len(bodies(fits)) == 2 and bodies(elsewhere) == []


def test_a_plan_opened_before_the_first_run_is_told_once_as_open(user_with_role, run):
    fits = provider_user(user_with_role)
    plan = plan_of()
    open_it(plan, user_with_role(Role.PURCHASER, purchaser=plan.purchaser))
    assert run(alerts.send_new_listing_alerts) == 1
    assert run(alerts.send_new_listing_alerts) == 0
    (body,) = bodies(fits)
    assert "现已开放对接" in body


def test_an_old_plan_opened_today_is_new_by_its_opening(user_with_role, run):
    fits = provider_user(user_with_role)
    long_ago = timezone.now() - datetime.timedelta(days=90)
    plan = plan_of(first_published_at=long_ago)
    type(plan).objects.filter(pk=plan.pk).update(created_at=long_ago)
    assert run(alerts.send_new_listing_alerts) == 0  # published 90 days ago: not new
    open_it(plan, user_with_role(Role.PURCHASER, purchaser=plan.purchaser))
    assert run(alerts.send_new_listing_alerts) == 1
    assert "现已开放对接" in bodies(fits)[0]


def test_the_alert_runs_queries_do_not_grow_with_the_providers(
    user_with_role, django_assert_max_num_queries
):
    # The run itself (its e-mails are sent one by one by the worker after the commit).
    for _ in range(2):
        provider_user(user_with_role)
    plan_of()
    DemandListingFactory(domain=domain("2.1"), district=district("黄浦区"))
    with django_assert_max_num_queries(40) as few:
        assert alerts.send_new_listing_alerts() == 2
    for _ in range(6):
        provider_user(user_with_role)
    plan_of(title="另一个年度计划项目")
    DemandListingFactory(domain=domain("2.1"), district=district("黄浦区"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert alerts.send_new_listing_alerts() == 8


def test_followers_of_a_plan_hear_when_it_opens(user_with_role, run):
    plan = plan_of()
    follower = user_with_role(Role.PROVIDER)
    Follow.objects.create(user=follower, target="demand", object_id=plan.pk, label=plan.title)
    run(open_it, plan, user_with_role(Role.PURCHASER, purchaser=plan.purchaser))
    assert bodies(follower) == [
        "拟购买项目预算已批复（批复预算300,000.00元），现已转为正式需求，开放对接"
    ]
    assert any("现已转为正式需求" in m.body and m.to == [follower.email] for m in mail.outbox)


def test_a_refused_opening_tells_nobody(user_with_role, run):
    plan = plan_of()
    follower = user_with_role(Role.PROVIDER)
    Follow.objects.create(user=follower, target="demand", object_id=plan.pk, label=plan.title)
    owner = user_with_role(Role.PURCHASER, purchaser=plan.purchaser)
    with pytest.raises(planning.PlanRefused):
        run(planning.open_plan, plan, owner, budget=None, budget_approved_on=TODAY)
    assert bodies(follower) == []


def test_providers_are_ranked_for_a_plan_and_see_it_marked_on_their_list(user_with_role):
    fits = provider_user(user_with_role)
    plan = plan_of()
    found = match_demand(plan)
    assert [m.provider.id for m in found.matches] == [fits.account.provider_id]
    assert found.matches[0].reasons
    mine = match_provider(fits.account.provider_id)
    assert [(m.demand.id, m.demand.planned) for m in mine.matches] == [(plan.pk, True)]


def test_the_providers_list_marks_plans(user_with_role, login):
    fits = provider_user(user_with_role)
    plan = plan_of()
    page = login(fits).get("/admin/matching/").content.decode()
    assert plan.title in page and "data-planned" in page


def test_a_saved_search_hears_of_a_plan_when_it_opens(user_with_role, run):
    user = user_with_role(Role.PROVIDER)
    search = SavedSearch.objects.create(user=user, name="心理", query="心理健康", frequency="daily")
    SavedSearch.objects.filter(pk=search.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=1)
    )
    plan = plan_of()
    indexing.process([f"demand:{plan.pk}"])
    assert run(alerts.run_saved_searches, "daily") == 0  # a plan is not an open listing yet
    open_it(plan, user_with_role(Role.PURCHASER, purchaser=plan.purchaser))
    indexing.process([f"demand:{plan.pk}"])
    assert run(alerts.run_saved_searches, "daily") == 1
