"""Alerts without set-up, saved searches and deadline reminders: who is told, by inbox and
e-mail, once; the unsubscribe link; bounced addresses get no e-mail."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.roles import Role
from catalog.factories import (
    DemandListingFactory,
    ProviderFactory,
    SupplyListingFactory,
    district,
    domain,
)
from catalog.models import DemandListing
from matching import alerts, tokens
from matching.models import AlertSettings, Follow, SavedSearch
from notifications.models import Notification, SuppressedAddress
from search import registry
from search.backends import get_backend

pytestmark = pytest.mark.django_db


def provider_user(user_with_role, code="2.1", district_name="黄浦区", **fields):
    provider = ProviderFactory(district=district(district_name), **fields)
    SupplyListingFactory(provider=provider, domain=domain(code), district=district(district_name))
    return user_with_role(Role.PROVIDER, provider=provider)


def inbox(user):
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run an alert function and the e-mails that follow its commit."""

    def _run(function, *args):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args)

    return _run


def test_a_provider_hears_of_a_new_listing_in_its_domain_and_district_without_set_up(
    user_with_role, run
):
    fits = provider_user(user_with_role)
    other_field = provider_user(user_with_role, code="6.1")
    other_district = provider_user(user_with_role, district_name="崇明区")
    city_wide = provider_user(user_with_role, district_name="崇明区", registration_level="city")
    DemandListingFactory(title="长者照护新项目", domain=domain("2.1"), district=district("黄浦区"))
    assert run(alerts.send_new_listing_alerts) == 2
    assert inbox(fits) == ["1个新发布的需求项目与本机构相符"]
    assert inbox(city_wide) == ["1个新发布的需求项目与本机构相符"]
    assert inbox(other_field) == [] and inbox(other_district) == []
    body = Notification.objects.get(recipient=fits).body
    assert "长者照护新项目" in body
    (email,) = [m for m in mail.outbox if m.to == [fits.email]]
    assert "长者照护新项目" in email.body
    assert "/alerts/unsubscribe/" in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_running_the_alerts_twice_sends_nothing_twice(user_with_role, run):
    fits = provider_user(user_with_role)
    DemandListingFactory(domain=domain("2.1"))
    run(alerts.send_new_listing_alerts)
    sent = len(mail.outbox)
    assert run(alerts.send_new_listing_alerts) == 0
    assert len(inbox(fits)) == 1 and len(mail.outbox) == sent
    DemandListingFactory(domain=domain("2.1"))  # a newer one is still told
    assert run(alerts.send_new_listing_alerts) == 1
    assert len(inbox(fits)) == 2


def test_old_drafts_cancelled_and_dishonest_are_not_alerted(user_with_role, run):
    fits = provider_user(user_with_role)
    dishonest = provider_user(user_with_role, is_seriously_dishonest=True)
    old = DemandListingFactory(domain=domain("2.1"))
    DemandListing.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=30)
    )
    DemandListingFactory(domain=domain("2.1"), live=False)
    DemandListingFactory(domain=domain("2.1"), status="cancelled")
    assert run(alerts.send_new_listing_alerts) == 0
    assert inbox(fits) == [] and inbox(dishonest) == []


def test_the_unsubscribe_link_works_without_signing_in_and_stops_the_alerts(
    user_with_role, run, client
):
    fits = provider_user(user_with_role)
    DemandListingFactory(domain=domain("2.1"))
    run(alerts.send_new_listing_alerts)
    link = Notification.objects.get(recipient=fits).unsubscribe_url
    # Opening the link (a mail scanner, a link preview) only asks.
    asked = client.get(link)
    assert asked.status_code == 200 and "确认退订" in asked.content.decode()
    assert not AlertSettings.objects.filter(user=fits, new_listings=False).exists()
    response = client.post(link)
    assert response.status_code == 200
    assert "已退订" in response.content.decode()
    assert AlertSettings.objects.get(user=fits).new_listings is False
    DemandListingFactory(domain=domain("2.1"))
    run(alerts.send_new_listing_alerts)
    assert len(inbox(fits)) == 1


def test_a_forged_unsubscribe_token_changes_nothing(user_with_role, client):
    fits = provider_user(user_with_role)
    token = tokens.make("new_listings", fits.pk)
    response = client.post(f"/alerts/unsubscribe/{token[:-2]}xx/")
    assert response.status_code == 400
    assert not AlertSettings.objects.filter(user=fits).exists()


def test_a_bounced_address_gets_no_email_but_keeps_its_inbox(user_with_role, run):
    fits = provider_user(user_with_role)
    call_command("record_bounce", fits.email.upper(), reason="550", stdout=open("/dev/null", "w"))
    assert SuppressedAddress.is_suppressed(fits.email)
    DemandListingFactory(domain=domain("2.1"))
    run(alerts.send_new_listing_alerts)
    assert len(inbox(fits)) == 1
    assert [m for m in mail.outbox if fits.email in m.to] == []
    assert Notification.objects.get(recipient=fits).email_suppressed
    call_command("run_periodic", "retry-outbox", stdout=open("/dev/null", "w"))
    assert [m for m in mail.outbox if fits.email in m.to] == []


def test_an_address_that_works_again_is_sent_to(user_with_role, run):
    fits = provider_user(user_with_role)
    SuppressedAddress.suppress(fits.email)
    call_command("record_bounce", "--remove", fits.email, stdout=open("/dev/null", "w"))
    DemandListingFactory(domain=domain("2.1"))
    run(alerts.send_new_listing_alerts)
    assert [m for m in mail.outbox if fits.email in m.to]


def index_demands():
    demand_type = registry.get("demand")
    get_backend().index([demand_type.document(d) for d in demand_type.public()])


def test_a_saved_search_sends_its_new_results_once(user_with_role, run, client):
    user = user_with_role(Role.PURCHASER)
    search = SavedSearch.objects.create(
        user=user, name="长者", query="长者", domain=domain("2"), frequency="immediate"
    )
    DemandListingFactory(title="长者助餐点运营", domain=domain("2.1"))
    DemandListingFactory(title="长者助餐点运营（另一领域）", domain=domain("6.1"))
    index_demands()
    assert run(alerts.run_saved_searches, "immediate") == 1
    assert run(alerts.run_saved_searches, "daily") == 0  # another frequency
    (notification,) = Notification.objects.filter(recipient=user)
    assert notification.title == "订阅「长者」有1个新项目"
    assert "另一领域" not in notification.body
    assert run(alerts.run_saved_searches, "immediate") == 0
    (email,) = [m for m in mail.outbox if m.to == [user.email]]
    assert tokens.url("search", search.pk) in email.body
    client.post(tokens.url("search", search.pk))
    search.refresh_from_db()
    assert search.active is False


def test_a_saved_search_does_not_send_what_was_published_before_it(user_with_role, run):
    user = user_with_role(Role.PURCHASER)
    DemandListingFactory(title="长者助餐点运营", domain=domain("2.1"))
    search = SavedSearch.objects.create(user=user, name="长者", query="长者")
    SavedSearch.objects.filter(pk=search.pk).update(
        created_at=timezone.now() + datetime.timedelta(minutes=1)
    )
    index_demands()
    assert run(alerts.run_saved_searches, "daily") == 0


def test_the_saved_search_screen_says_it_sends_email_and_saves_for_the_user(user_with_role, login):
    user = user_with_role(Role.PROVIDER)
    client = login(user)
    page = client.get("/admin/matching/searches/new/").content.decode()
    assert "电子邮件" in page
    response = client.post(
        "/admin/matching/searches/new/",
        {
            "name": "助餐",
            "query": "助餐",
            "domain": "",
            "district": "",
            "frequency": "daily",
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert SavedSearch.objects.get(name="助餐").user == user
    assert "电子邮件" in client.get("/admin/matching/searches/").content.decode()


def test_another_users_saved_search_is_not_found(user_with_role, login):
    mine = SavedSearch.objects.create(user=user_with_role(Role.PROVIDER), name="甲", query="甲")
    client = login(user_with_role(Role.CITY_ADMIN))
    assert client.get(f"/admin/matching/searches/edit/{mine.pk}/").status_code == 404
    assert "甲" not in client.get("/admin/matching/searches/").content.decode()


def test_deadline_reminders_go_to_fitting_providers_and_followers_once(user_with_role, run):
    fits = provider_user(user_with_role)
    follower = user_with_role(Role.PURCHASER)
    bystander = provider_user(user_with_role, code="6.1")
    today = timezone.localdate()
    soon = DemandListingFactory(
        title="即将截止", domain=domain("2.1"), response_deadline=today + datetime.timedelta(days=2)
    )
    DemandListingFactory(
        title="还早", domain=domain("2.1"), response_deadline=today + datetime.timedelta(days=20)
    )
    Follow.objects.create(user=follower, target="demand", object_id=soon.pk, label=soon.title)
    assert run(alerts.send_deadline_reminders) == 2
    assert inbox(fits) == ["1个需求项目即将截止对接"]
    assert inbox(follower) == ["1个需求项目即将截止对接"]
    assert inbox(bystander) == []
    assert "即将截止" in Notification.objects.get(recipient=fits).body
    assert run(alerts.send_deadline_reminders) == 0


def test_the_saved_search_list_links_the_same_search_as_an_atom_feed(user_with_role, login):
    user = user_with_role(Role.PROVIDER)
    search = SavedSearch.objects.create(user=user, name="长者", query="长者", domain=domain("2.1"))
    assert search.feed_url() == "/feeds/search/?q=%E9%95%BF%E8%80%85&kind=demand&domain2=2.1"
    page = login(user).get("/admin/matching/searches/").content.decode()
    assert "/feeds/search/?q=" in page
    assert login(user).get(search.feed_url()).status_code == 200


def test_a_mail_clients_one_click_post_unsubscribes_without_a_csrf_token(user_with_role, run):
    """RFC 8058: the mail client POSTs List-Unsubscribe=One-Click to the header's URL."""
    from django.test import Client

    fits = provider_user(user_with_role)
    DemandListingFactory(domain=domain("2.1"))
    run(alerts.send_new_listing_alerts)
    link = Notification.objects.get(recipient=fits).unsubscribe_url
    mail_client = Client(enforce_csrf_checks=True)
    answer = mail_client.post(link, {"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    assert AlertSettings.objects.get(user=fits).new_listings is False
