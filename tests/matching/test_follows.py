"""Follow a listing or an organization, and be told (once, by inbox and e-mail) when it changes."""

import pytest
from django.core import mail

from accounts.roles import Role
from catalog.factories import (
    DemandListingFactory,
    ProviderFactory,
    SupplyListingFactory,
)
from matching import tokens
from matching.models import Follow
from notifications.models import Notification
from outbox.models import Entry

pytestmark = pytest.mark.django_db


def told(user):
    return list(Notification.objects.filter(recipient=user).values_list("body", flat=True))


def test_the_follow_button_asks_then_follows_and_unfollows(user_with_role, login):
    listing = DemandListingFactory(title="社区助餐")
    user = user_with_role(Role.PROVIDER)
    client = login(user)
    url = f"/admin/matching/follows/toggle/demand/{listing.pk}/"
    page = client.get(url).content.decode()
    assert "社区助餐" in page and "电子邮件" in page
    assert client.post(url).status_code == 302
    assert Follow.objects.get(user=user).label == "社区助餐"
    assert "社区助餐" in client.get("/admin/matching/follows/").content.decode()
    client.post(url)
    assert not Follow.objects.filter(user=user).exists()


def test_a_draft_or_unknown_record_cannot_be_followed(user_with_role, login):
    draft = DemandListingFactory(live=False)
    client = login(user_with_role(Role.PROVIDER))
    assert client.get(f"/admin/matching/follows/toggle/demand/{draft.pk}/").status_code == 404
    assert client.get("/admin/matching/follows/toggle/demand/999999/").status_code == 404
    assert client.get("/admin/matching/follows/toggle/planet/1/").status_code == 404


def follow(user, target, instance):
    return Follow.objects.create(
        user=user, target=target, object_id=instance.pk, label=str(instance)
    )


def test_followers_hear_of_status_award_and_evaluation(
    user_with_role, django_capture_on_commit_callbacks
):
    listing = DemandListingFactory(title="社区助餐")
    user = user_with_role(Role.PROVIDER)
    follow(user, "demand", listing)
    chosen = ProviderFactory(name="上海市承接服务社")
    with django_capture_on_commit_callbacks(execute=True):
        listing.status = "contracted"
        listing.chosen_provider = chosen
        listing.save()
    assert sorted(told(user)) == [
        "已确定承接主体：上海市承接服务社",
        "项目状态变更为「已确定承接主体」",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        listing.status = "evaluated"
        listing.evaluation_result = "excellent"
        listing.save()
    assert "绩效评价结果：优秀" in told(user)
    email = next(m for m in mail.outbox if "绩效评价结果：优秀" in m.body)
    assert "/alerts/unsubscribe/" in email.body


def test_an_unchanged_save_or_an_unfollowed_record_enqueues_nothing(user_with_role):
    followed = DemandListingFactory()
    other = DemandListingFactory()
    follow(user_with_role(Role.PROVIDER), "demand", followed)
    before = Entry.objects.filter(task="matching.tell_followers").count()
    followed.summary = "只改了概述"
    followed.save()
    other.status = "cancelled"
    other.save()
    assert Entry.objects.filter(task="matching.tell_followers").count() == before


def test_followers_of_an_organization_hear_of_its_new_listing_and_grade(
    user_with_role, django_capture_on_commit_callbacks
):
    provider = ProviderFactory(name="阳光社工", grade="3A")
    user = user_with_role(Role.PURCHASER)
    follow(user, "provider", provider)
    with django_capture_on_commit_callbacks(execute=True):
        SupplyListingFactory(provider=provider, title="青少年成长营")
        SupplyListingFactory(provider=provider, title="草稿项目", live=False)
    assert told(user) == ["阳光社工发布了新的服务项目：青少年成长营"]
    with django_capture_on_commit_callbacks(execute=True):
        provider.grade = "5A"
        provider.save()
    assert "评估等级变更为5A" in told(user)


def test_the_emails_unfollow_link_ends_that_follow_only(user_with_role, client):
    user = user_with_role(Role.PROVIDER)
    one = follow(user, "demand", DemandListingFactory())
    two = follow(user, "demand", DemandListingFactory())
    assert client.post(tokens.url("follow", one.pk)).status_code == 200
    assert list(Follow.objects.filter(user=user)) == [two]


def test_another_users_follow_cannot_be_deleted(user_with_role, login):
    theirs = follow(user_with_role(Role.PURCHASER), "demand", DemandListingFactory())
    client = login(user_with_role(Role.PROVIDER))
    assert client.get(f"/admin/matching/follows/delete/{theirs.pk}/").status_code == 404
    client.post(f"/admin/matching/follows/delete/{theirs.pk}/")
    assert Follow.objects.filter(pk=theirs.pk).exists()
