"""Every view of the inbox touches only the requester's own notifications, tested from both sides.

Index (and its unread filter), inspect, the mark-read bulk action (its
confirmation page and its execution, selected or "all"), and no add, edit or
delete screen at all.
"""

import pytest
from django.urls import reverse

from accounts.roles import Role
from notifications.delivery import notify
from notifications.models import Notification

pytestmark = pytest.mark.django_db

BULK = reverse("wagtail_bulk_action", args=["notifications", "notification", "mark_read"])


@pytest.fixture
def two_inboxes(user_with_role):
    me, other = user_with_role(Role.PROVIDER), user_with_role(Role.DISTRICT_ADMIN)
    (mine,) = notify([me], "我的消息")
    (theirs,) = notify([other], "别人的消息")
    return me, other, mine, theirs


def unread(notification) -> bool:
    notification.refresh_from_db()
    return notification.read_at is None


def test_the_unread_filter_lists_only_ones_own_unread_messages(two_inboxes, login):
    me, _other, mine, _theirs = two_inboxes
    (read,) = notify([me], "已读的消息")
    Notification.objects.filter(pk=read.pk).update(read_at="2026-01-01T00:00:00Z")
    client = login(me)
    unread_page = client.get("/admin/messages/?unread=1").content.decode()
    assert "我的消息" in unread_page
    assert "已读的消息" not in unread_page and "别人的消息" not in unread_page
    read_page = client.get("/admin/messages/?unread=0").content.decode()
    assert "已读的消息" in read_page
    assert "我的消息" not in read_page and "别人的消息" not in read_page


def test_inspect_shows_ones_own_message_and_not_anothers(two_inboxes, login):
    me, other, mine, theirs = two_inboxes
    client = login(me)
    response = client.get(f"/admin/messages/inspect/{mine.pk}/")
    assert response.status_code == 200 and "我的消息" in response.content.decode()
    assert client.get(f"/admin/messages/inspect/{theirs.pk}/").status_code == 404
    # ... and the other way round.
    assert login(other).get(f"/admin/messages/inspect/{mine.pk}/").status_code == 404


def test_the_bulk_action_confirms_and_marks_only_ones_own(two_inboxes, login):
    me, other, mine, theirs = two_inboxes
    client = login(me)
    query = f"?id={mine.pk}&id={theirs.pk}&next=/admin/messages/"
    page = client.get(BULK + query)
    assert page.status_code == 200
    assert "我的消息" in page.content.decode()
    assert "别人的消息" not in page.content.decode()
    response = client.post(BULK + query)
    assert response.status_code == 302
    assert not unread(mine)
    assert unread(theirs)


def test_the_bulk_action_on_all_marks_only_ones_own(two_inboxes, login):
    me, other, mine, theirs = two_inboxes
    login(other).post(BULK + "?id=all")
    assert not unread(theirs)
    assert unread(mine)


def test_the_bulk_action_on_anothers_message_only_is_not_found(two_inboxes, login):
    me, _other, _mine, theirs = two_inboxes
    client = login(me)
    page = client.get(BULK + f"?id={theirs.pk}")
    assert "别人的消息" not in page.content.decode()
    client.post(BULK + f"?id={theirs.pk}")
    assert unread(theirs)


@pytest.mark.parametrize(
    "path", ["new/", "edit/{pk}/", "delete/{pk}/", "copy/{pk}/", "history/{pk}/"]
)
def test_nobody_adds_edits_or_deletes_a_message_in_the_admin(path, user_with_role, login):
    me = user_with_role(None)  # even a superuser
    (mine,) = notify([me], "我的消息")
    response = login(me).get("/admin/messages/" + path.format(pk=mine.pk))
    assert response.status_code == 404
    assert Notification.objects.filter(pk=mine.pk).exists()
