"""The audit trail's sign-in events and role changes are Wagtail log entries on the user,
shown on the user's History page, kept AUDIT_RETENTION_DAYS and then purged."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts.roles import Role
from catalog.factories import PurchaserFactory, district
from security import audit
from security.tasks import purge_audit_log
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
User = get_user_model()


def entries(user, action):
    return ModelLogEntry.objects.filter(
        content_type__model="user", object_id=str(user.pk), action=action
    )


def test_sign_in_failed_sign_in_and_sign_out_are_recorded_with_the_address(client, user_with_role):
    user = user_with_role(Role.EXPERT)
    client.post("/admin/login/", {"username": user.username, "password": "wrong-Pass-123"})
    failed = entries(user, audit.LOGIN_FAILED).get()
    assert failed.data["ip"] == "127.0.0.1" and failed.user is None

    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    login = entries(user, audit.LOGIN).get()
    assert (login.user, login.data["role"]) == (user, Role.EXPERT)

    client.post("/admin/logout/")
    assert entries(user, audit.LOGOUT).count() == 1


def test_a_failed_sign_in_under_an_unknown_name_is_kept_against_the_name(client):
    client.post("/admin/login/", {"username": "nobody-here", "password": "x"})
    entry = ModelLogEntry.objects.get(action=audit.LOGIN_FAILED, label="nobody-here")
    assert entry.object_id == "0" and entry.data["username"] == "nobody-here"


def test_a_role_change_is_recorded_before_and_after_and_shown_in_the_users_history(
    user_with_role, login
):
    purchaser = PurchaserFactory(district=district("黄浦区"))
    user = user_with_role(Role.EXPERT)
    account = user.account
    account.role, account.purchaser = Role.PURCHASER, purchaser
    account.save()
    change = entries(user, audit.ROLE_CHANGED).latest("timestamp")
    assert change.data["before"] == {"purchaser_id": None, "role": Role.EXPERT}
    assert change.data["after"] == {"purchaser_id": purchaser.pk, "role": Role.PURCHASER}
    # An unchanged re-save adds nothing.
    account.save()
    assert entries(user, audit.ROLE_CHANGED).count() == 2  # created, then changed

    client = login(user_with_role(Role.CITY_ADMIN))
    page = client.get(f"/admin/users/history/{user.pk}/")
    assert page.status_code == 200 and "角色或所属单位变更" in page.content.decode()


def test_entries_older_than_the_retention_are_purged_and_newer_ones_kept(user_with_role, settings):
    settings.AUDIT_RETENTION_DAYS = 180
    user = user_with_role(Role.EXPERT)
    old = ModelLogEntry.objects.filter(object_id=str(user.pk)).first()
    ModelLogEntry.objects.filter(pk=old.pk).update(
        timestamp=timezone.now() - datetime.timedelta(days=181)
    )
    recent = ModelLogEntry.objects.create(
        content_type=old.content_type,
        object_id=str(user.pk),
        label="x",
        action=audit.LOGIN,
        timestamp=timezone.now() - datetime.timedelta(days=179),
    )
    assert purge_audit_log() >= 1
    assert not ModelLogEntry.objects.filter(pk=old.pk).exists()
    assert ModelLogEntry.objects.filter(pk=recent.pk).exists()


def test_old_anonymous_entries_move_to_an_id_the_site_history_can_look_up(login):
    from importlib import import_module

    from django.apps import apps as registry
    from django.contrib.contenttypes.models import ContentType

    repair = import_module("security.migrations.0002_anonymous_log_entries")
    old = ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(User),
        object_id="-",
        label="nobody-old",
        action=audit.LOGIN_FAILED,
        timestamp=timezone.now(),
    )
    kept = ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(User),
        object_id="7",
        label="someone",
        action=audit.LOGIN_FAILED,
        timestamp=timezone.now(),
    )
    repair.forwards(registry, None)
    assert ModelLogEntry.objects.get(pk=old.pk).object_id == "0"
    assert ModelLogEntry.objects.get(pk=kept.pk).object_id == "7"
    superuser = User.objects.create_superuser("root9", "r9@example.org", "x-Pass-12345!")
    assert login(superuser).get("/admin/reports/site-history/").status_code == 200
