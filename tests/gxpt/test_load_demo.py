"""The demo command loads the seed notices, the demo logins and sample organizations, idempotently."""

import re
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory
from wagtail.models import Revision

from accounts.roles import Role
from catalog.demo import DEMO_PASSWORD, DEMO_USERS
from catalog.models import DemandListing, Provider, Purchaser
from moderation.models import Flag, FlagStatus
from notices.models import AnnouncementPage, PolicyPage

pytestmark = pytest.mark.django_db


def snapshot():
    counts = {model._meta.label: model.objects.count() for model in apps.get_models()}
    counts["revisions"] = Revision.objects.count()
    stamps = list(Provider.objects.order_by("pk").values_list("pk", "updated_at")) + list(
        Purchaser.objects.order_by("pk").values_list("pk", "updated_at")
    )
    return counts, stamps


@pytest.fixture(scope="module")
def demo_database(django_db_setup, django_db_blocker):
    """One full demo, loaded once for the module (committed) and flushed when it ends.

    Each test runs in its own transaction on top of it and is rolled back, so the
    second-run test's own load_demo leaves nothing behind.
    """
    with django_db_blocker.unblock():
        try:
            call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
            yield
        finally:
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(demo_database, db):
    return None


def test_a_second_run_changes_nothing(demo):
    before = snapshot()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    after = snapshot()
    changed = {k: (v, after[0].get(k)) for k, v in before[0].items() if after[0].get(k) != v}
    assert not changed
    assert after == before


def test_the_five_seed_documents_are_published_notices_with_their_numbers(demo):
    notices = {
        p.document_number: p for p in [*PolicyPage.objects.live(), *AnnouncementPage.objects.live()]
    }
    from notices.seeds import SEED_NOTICES

    live = {p.slug for p in [*PolicyPage.objects.live(), *AnnouncementPage.objects.live()]}
    assert {seed.slug for seed in SEED_NOTICES} <= live  # other demo loaders add notices too
    call = notices["沪社服发〔2021〕5号"]
    assert call.issuing_body == "上海市社会组织服务中心"
    assert str(call.issue_date) == "2021-06-24"
    assert "沪民社管发〔2021〕3号" in notices
    assert str(notices["沪民社服发〔2024〕1号"].issue_date) == "2024-11-29"
    body = "".join(str(block.value) for block in call.body)
    assert "推荐目录" in body and "自荐" in body


def test_every_role_has_a_demo_login_with_the_printed_password(demo):
    roles = set()
    for username, *_rest, role, _scope in DEMO_USERS:
        user = authenticate(
            RequestFactory().post("/admin/login/"), username=username, password=DEMO_PASSWORD
        )
        assert user is not None, username
        roles.add(user.account.role if role else "superuser")
    assert roles == {*Role.values, "superuser"}


def test_sample_organizations_spread_across_districts(demo):
    assert Provider.objects.values("district").distinct().count() == 16
    assert Purchaser.objects.values("district").exclude(district=None).distinct().count() == 16
    assert Provider.objects.filter(registration_level="city").exists()
    assert Provider.objects.count() >= 80


def test_the_printed_monitoring_queue_is_the_one_a_monitor_opens(demo):
    out = StringIO()
    call_command("load_demo", stdout=out)
    printed = int(re.search(r"open monitoring flags: (\d+)", out.getvalue()).group(1))
    open_flags = Flag.objects.filter(status=FlagStatus.OPEN)
    assert printed == open_flags.count()
    # A plausible queue: tens of findings, most on the deliberately faulty demo records,
    # not one on every generated listing whose evaluation date has passed.
    assert 15 <= printed <= 80
    generated = DemandListing.objects.exclude(title__startswith="【").count()
    assert open_flags.exclude(target_label__startswith="【").count() < generated / 20


# --- branch matching: the demo users see matches and alerts ---


def test_the_demo_provider_sees_matches_and_has_alerts_in_its_inbox(demo):
    from django.contrib.auth import get_user_model

    from matching.facts import match_provider
    from notifications.models import Notification

    user = get_user_model().objects.get(username="provider_demo")
    found = match_provider(user.account.provider_id)
    assert found.matches and found.matches[0].reasons
    titles = set(Notification.objects.filter(recipient=user).values_list("title", flat=True))
    assert any("新发布的需求项目与本机构相符" in t for t in titles)
    assert any("即将截止对接" in t for t in titles)
    assert any(t.startswith("您关注的") for t in titles)


def test_the_demo_purchasers_listing_shows_suitable_providers(demo):
    from django.contrib.auth import get_user_model

    from catalog.models import DemandListing
    from matching.demo import LISTINGS
    from matching.facts import match_demand
    from notifications.models import Notification

    listing = DemandListing.objects.get(title=LISTINGS[0][0])
    assert match_demand(listing).matches
    user = get_user_model().objects.get(username="purchaser_demo")
    assert Notification.objects.filter(recipient=user, title__startswith="订阅").exists()


def test_the_demo_download_page_lists_the_open_data_files(demo, client):
    from opendata import downloads

    rows = {f["name"]: f["rows"] for m in downloads.manifests() for f in m["files"]}
    assert rows["ocds/demand-releases.json"] > 0 and rows["supply-listings.csv"] > 0
    assert any(name.startswith("directory-") for name in rows)
    assert (
        'href="/open-data/files/ocds/demand-releases.json"'
        in client.get("/open-data/").content.decode()
    )


# --- branch planned: the demo purchaser's yearly plan ---


def test_the_demo_purchaser_has_a_yearly_plan_with_one_item_opened(demo, client):
    from django.contrib.auth import get_user_model
    from wagtail.models import ModelLogEntry

    from catalog.planning import OPEN_PLAN
    from matching.demo import PLANS
    from notifications.models import Notification

    listings = {d.title: d for d in DemandListing.objects.filter(title__in=[p[0] for p in PLANS])}
    assert [listings[title].status for title, *_rest in PLANS] == [
        "planned",
        "planned",
        "published",
    ]
    opened = listings[PLANS[-1][0]]
    assert opened.opened_at and opened.budget_approved_on
    assert ModelLogEntry.objects.filter(action=OPEN_PLAN, object_id=str(opened.pk)).exists()
    board = client.get("/demand/", {"status": "planned"}).content.decode()
    assert PLANS[0][0] in board and "data-planned" in board
    provider = get_user_model().objects.get(username="provider_demo")
    bodies = " ".join(
        Notification.objects.filter(recipient=provider).values_list("body", flat=True)
    )
    assert "拟购买：年度计划项目" in bodies  # the plan's alert
    assert "现已开放对接" in bodies  # the opening's alert
    assert "现已转为正式需求" in bodies  # the follow of the opened item


# --- end branch planned ---
