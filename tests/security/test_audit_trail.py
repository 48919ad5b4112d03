"""The audit trail of records and refusals (issue 11): before/after of changed fields in
Wagtail's own log entries, refusals with user, role and address, imports and exports,
append-only entries, and the audit screen (search, escaped CSV, scope by role).
Each behaviour with its other side: what is logged and what is not, who sees and who not."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from accounts.roles import Role
from catalog.factories import ProviderFactory, PurchaserFactory, SupplyListingFactory, district
from security import audit, changes
from tests.catalog.spreadsheets import upload

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def cast(user_with_role):
    huangpu, minhang = district("黄浦区"), district("闵行区")
    return {
        "city": user_with_role(Role.CITY_ADMIN),
        "huangpu": user_with_role(Role.DISTRICT_ADMIN, district=huangpu),
        "huangpu_org": user_with_role(Role.PURCHASER, purchaser=PurchaserFactory(district=huangpu)),
        "minhang_org": user_with_role(Role.PURCHASER, purchaser=PurchaserFactory(district=minhang)),
        "provider": user_with_role(Role.PROVIDER, provider=ProviderFactory(district=huangpu)),
        "monitor": user_with_role(Role.MONITOR),
    }


def refusals(user=None):
    entries = ModelLogEntry.objects.filter(action=audit.REFUSED)
    return entries.filter(user=user) if user is not None else entries


def user_form(user, **changed):
    data = {
        "username": user.username,
        "email": user.email or f"{user.username}@example.org",
        "first_name": user.first_name,
        "last_name": user.last_name or "王",
        "is_active": "on",
        "role": user.account.role,
        "purchaser": user.account.purchaser_id or "",
        "provider": user.account.provider_id or "",
        "password1": "",
        "password2": "",
    }
    data.update(changed)
    return data


# --- changes of records ------------------------------------------------------------------


def test_an_edit_logs_the_changed_fields_before_and_after_with_role_and_address(cast, login):
    target = cast["huangpu_org"]
    old_name = target.first_name
    client = login(cast["city"])
    response = client.post(
        f"/admin/users/edit/{target.pk}/",
        user_form(target, first_name="新名字"),
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = ModelLogEntry.objects.filter(action="wagtail.edit", object_id=str(target.pk)).get()
    assert entry.data["changes"]["first_name"] == [old_name, "新名字"]
    # Only what changed: the unchanged e-mail and user name are not in it.
    assert "username" not in entry.data["changes"]
    assert (entry.data["ip"], entry.data["role"]) == ("10.1.2.3", Role.CITY_ADMIN)
    # The user's own History view shows the change.
    page = client.get(f"/admin/users/history/{target.pk}/").content.decode()
    assert "新名字" in page


def test_a_new_password_is_logged_as_changed_never_as_a_hash(cast, login):
    target = cast["huangpu_org"]
    client = login(cast["city"])
    password = "Brand-New-Pass-2026!"
    client.post(
        f"/admin/users/edit/{target.pk}/",
        user_form(target, password1=password, password2=password),
    )
    entry = ModelLogEntry.objects.filter(action="wagtail.edit", object_id=str(target.pk)).get()
    assert entry.data["changes"]["password"] == [changes.HIDDEN, changes.HIDDEN]
    assert "pbkdf2" not in str(entry.data) and password not in str(entry.data)


def test_a_revision_edit_and_a_publish_log_the_content_that_changed(cast):
    listing = SupplyListingFactory(
        provider=cast["provider"].account.provider, title="旧标题", live=False
    )
    first = listing.save_revision(user=cast["provider"])
    first.publish(user=cast["provider"])
    listing.title, listing.phone = "新标题", "021-12345678"
    second = listing.save_revision(user=cast["provider"])
    log(listing, "wagtail.edit", user=cast["provider"], revision=second)
    edit = ModelLogEntry.objects.filter(action="wagtail.edit").latest("pk")
    assert edit.data["changes"]["title"] == ["旧标题", "新标题"]
    assert "summary" not in edit.data["changes"]  # unchanged
    second.publish(user=cast["provider"])
    publishes = ModelLogEntry.objects.filter(action="wagtail.publish").order_by("pk")
    assert publishes[0].data["changes"] == {"live": [False, True]}
    assert publishes[1].data["changes"]["title"] == ["旧标题", "新标题"]
    assert "项目名称：旧标题 → 新标题" in publishes[1].message


def test_a_delete_logs_the_record_as_it_was(cast, login):
    victim = cast["minhang_org"]
    client = login(User.objects.create_superuser("root2", "r@example.org", "x-Pass-12345!"))
    response = client.post(f"/admin/users/delete/{victim.pk}/")
    assert response.status_code == 302
    entry = ModelLogEntry.objects.get(action="wagtail.delete", object_id=str(victim.pk))
    assert entry.data["changes"]["username"] == [victim.username, None]


# --- refusals ----------------------------------------------------------------------------


def test_an_out_of_scope_record_is_logged_as_refused_and_an_allowed_one_is_not(cast, login):
    client = login(cast["huangpu"])
    assert client.get(f"/admin/users/edit/{cast['huangpu_org'].pk}/").status_code == 200
    assert not refusals().exists()
    url = f"/admin/users/edit/{cast['minhang_org'].pk}/"
    assert client.get(url, REMOTE_ADDR="10.9.8.7").status_code == 404
    entry = refusals(cast["huangpu"]).get()
    assert entry.data["path"] == url and entry.data["status"] == 404
    assert (entry.data["role"], entry.data["ip"]) == (Role.DISTRICT_ADMIN, "10.9.8.7")
    assert "访问被拒绝" in entry.message and "10.9.8.7" in entry.message


def test_wagtails_no_permission_redirect_is_logged_as_refused(cast, login):
    client = login(cast["provider"])
    response = client.get("/admin/users/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert refusals(cast["provider"]).get().data["status"] == 403


def test_an_unknown_admin_url_is_not_a_refusal(cast, login):
    client = login(cast["city"])
    assert client.get("/admin/no-such-screen/").status_code == 404
    assert not refusals().exists()


def test_a_bulk_action_logs_the_ids_outside_the_scope(cast, login):
    client = login(cast["huangpu"])
    inside, outside = cast["huangpu_org"], cast["minhang_org"]
    client.post(
        f"/admin/bulk/auth/user/set_active_state/?id={inside.pk}&id={outside.pk}",
        {"mark_as_active": "False"},
    )
    entry = refusals(cast["huangpu"]).get()
    assert entry.data["ids"] == [str(outside.pk)]


# --- imports and exports -----------------------------------------------------------------


def test_an_import_and_an_export_are_logged(cast, login):
    client = login(cast["provider"])
    content = "项目名称,业务领域,项目年度,项目概述,联系人,联系电话\n助餐,2.1,2026,送餐,王,021-1\n"
    client.post(
        "/admin/catalog/import/",
        {"kind": "supply", "file": upload("a.csv", content.encode("gb18030"))},
    )
    entry = ModelLogEntry.objects.get(action=audit.IMPORTED)
    assert entry.user == cast["provider"]
    assert (entry.data["filename"], entry.data["created"], entry.data["status"]) == (
        "a.csv",
        1,
        "done",
    )
    assert client.get("/admin/catalog/export/supply.xlsx").status_code == 200
    assert ModelLogEntry.objects.get(action=audit.EXPORTED).data["what"] == "supply"


# --- append-only -------------------------------------------------------------------------


def test_entries_cannot_be_changed_or_deleted_by_the_application(cast):
    entry = log(cast["city"], audit.LOGIN, user=cast["city"])
    entry.label = "篡改"
    with pytest.raises(audit.AppendOnlyError), transaction.atomic():
        entry.save()
    with pytest.raises(audit.AppendOnlyError), transaction.atomic():
        ModelLogEntry.objects.filter(pk=entry.pk).delete()
    assert ModelLogEntry.objects.get(pk=entry.pk).label != "篡改"


# --- the audit screen --------------------------------------------------------------------


def test_city_admins_search_every_entry_and_export_it_escaped(cast, login, user_with_role):
    other_city = user_with_role(Role.CITY_ADMIN)
    log(other_city, audit.LOGIN, user=other_city, data={"ip": "10.7.7.7", "role": "city_admin"})
    log(cast["minhang_org"], audit.LOGIN, user=cast["minhang_org"], data={"ip": "10.5.5.5"})
    ModelLogEntry.objects.create(
        content_type=ModelLogEntry.objects.latest("pk").content_type,
        object_id="0",
        label='=HYPERLINK("http://evil")',
        action=audit.LOGIN_FAILED,
        data={"ip": "10.6.6.6", "username": "=HYPERLINK"},
        timestamp=ModelLogEntry.objects.latest("pk").timestamp,
    )
    second_city = login(cast["city"])
    page = second_city.get("/admin/security/audit/", {"q": "10.5.5.5"})
    assert page.status_code == 200
    html = page.content.decode()
    assert cast["minhang_org"].username in html
    assert "10.7.7.7" not in html  # searched away
    export = second_city.get("/admin/security/audit/", {"export": "csv"})
    assert export.status_code == 200
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert "客户端地址" in rows[0]
    labels = [row[1] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in labels and '=HYPERLINK("http://evil")' not in labels
    assert any("10.5.5.5" in row for row in rows[1:])


def test_district_admins_see_their_districts_entries_only(cast, login):
    log(cast["huangpu_org"], audit.LOGIN, user=cast["huangpu_org"], data={"ip": "10.1.1.1"})
    log(cast["minhang_org"], audit.LOGIN, user=cast["minhang_org"], data={"ip": "10.2.2.2"})
    client = login(cast["huangpu"])
    html = client.get("/admin/security/audit/").content.decode()
    assert cast["huangpu_org"].username in html
    assert cast["minhang_org"].username not in html
    export = b"".join(
        client.get("/admin/security/audit/", {"export": "csv"}).streaming_content
    ).decode("utf-8-sig")
    assert "10.1.1.1" in export and "10.2.2.2" not in export


@pytest.mark.parametrize("who", ["provider", "monitor"])
def test_other_roles_have_no_audit_screen(cast, login, who):
    client = login(cast[who])
    response = client.get("/admin/security/audit/")
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_anonymous_refusals_are_kept_up_to_a_quota_per_address(rf, cast, settings):
    """A scanner cannot fill the log: 30 per address and window, the last says so."""
    from django.contrib.auth.models import AnonymousUser
    from django.core.cache import cache

    cache.clear()
    settings.AUDIT_ANONYMOUS_REFUSALS = 3

    def refuse(address, user=None):
        request = rf.get("/api/demand-listings/999/", REMOTE_ADDR=address)
        request.user = user or AnonymousUser()
        audit.record_refusal(request, 403)

    for _ in range(5):
        refuse("203.0.113.9")
    kept = list(refusals().filter(object_id="0").order_by("pk"))
    assert len(kept) == 3
    assert [entry.data.get("suppressed", False) for entry in kept] == [False, False, True]
    assert "不再逐条记录" in kept[-1].message and "不再逐条记录" not in kept[0].message
    # Another address has its own quota; a signed-in user's refusals are always kept.
    refuse("198.51.100.7")
    assert refusals().filter(object_id="0").count() == 4
    for _ in range(5):
        refuse("203.0.113.9", user=cast["provider"])
    assert refusals(cast["provider"]).count() == 5
