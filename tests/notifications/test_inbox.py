"""The admin message inbox: unread count in the menu, list, open, mark read; only one's own."""

import pytest

from accounts.roles import Role
from notifications.delivery import notify
from notifications.models import Notification
from tests.admin_menu import menu_labels

pytestmark = pytest.mark.django_db


def test_the_menu_shows_the_unread_count(user_with_role, login):
    user = user_with_role(Role.EXPERT)
    client = login(user)
    assert "消息" in menu_labels(client)
    notify([user], "请补充项目信息")
    notify([user], "申报已退回")
    assert "消息（2）" in menu_labels(client)


def test_the_inbox_lists_only_ones_own_messages(user_with_role, login):
    me, other = user_with_role(Role.PROVIDER), user_with_role(Role.PROVIDER)
    notify([me], "给我的消息")
    notify([other], "给别人的消息")
    page = login(me).get("/admin/messages/").content.decode()
    assert "给我的消息" in page and "给别人的消息" not in page


def test_opening_a_message_marks_it_read_and_follows_its_link(user_with_role, login):
    me = user_with_role(Role.PURCHASER)
    (notification,) = notify([me], "标记", url="/admin/snippets/catalog/demandlisting/")
    response = login(me).get(f"/admin/messages/{notification.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/snippets/catalog/demandlisting/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_an_external_link_is_not_followed(user_with_role, login):
    me = user_with_role(Role.PURCHASER)
    (notification,) = notify([me], "钓鱼", url="https://evil.example.com/")
    response = login(me).get(f"/admin/messages/{notification.pk}/")
    assert response["Location"] == "/admin/messages/"


def test_someone_elses_message_cannot_be_opened_or_marked(user_with_role, login):
    me, other = user_with_role(Role.PROVIDER), user_with_role(Role.PROVIDER)
    (theirs,) = notify([other], "别人的")
    client = login(me)
    assert client.get(f"/admin/messages/{theirs.pk}/").status_code == 404
    client.post("/admin/messages/read/", {"ids": [theirs.pk]})
    client.post("/admin/messages/read/", {"all": "1"})
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_selected_and_all_as_read(user_with_role, login):
    me = user_with_role(Role.DISTRICT_ADMIN)
    first, second, third = (notify([me], f"消息{n}")[0] for n in range(3))
    client = login(me)
    client.post("/admin/messages/read/", {"ids": [first.pk]})
    assert Notification.objects.filter(recipient=me, read_at__isnull=True).count() == 2
    client.post("/admin/messages/read/", {"all": "1"})
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
