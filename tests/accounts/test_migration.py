"""Moving Account and Notification out of catalog keeps an existing database's rows.

The database is taken back to the layout before the move (catalog 0006, when
both models were catalog's), rows are written with the historical models of
that state, and the database is migrated forward: the same rows are there, read
through accounts.Account and notifications.Notification, and the content types
(so permissions and admin history) moved with them. Once on SQLite, once on
PostgreSQL (integration).
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import Account
from accounts.roles import Role
from notifications.models import Notification
from tests.integration.conftest import postgres  # noqa: F401 - the fixture, shared

BEFORE_MOVE = ("catalog", "0006_listing_year_domain_index")
MOVED = [("accounts", "account"), ("notifications", "notification")]


def migrate_back_write_rows_and_forward():
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE_MOVE, ("accounts", None), ("notifications", None)])
    old = MigrationExecutor(connection).loader.project_state(BEFORE_MOVE).apps

    # An old database has the content types under catalog; the test database was
    # built with the new layout, so put them back the way an old one has them.
    OldContentType = old.get_model("contenttypes", "ContentType")
    for app_label, model in MOVED:
        OldContentType.objects.filter(app_label=app_label, model=model).delete()
    old_types = {
        model: OldContentType.objects.get_or_create(app_label="catalog", model=model)[0].pk
        for _, model in MOVED
    }

    User = old.get_model("auth", "User")
    OldAccount = old.get_model("catalog", "Account")
    OldNotification = old.get_model("catalog", "Notification")
    district = old.get_model("catalog", "District").objects.get(name="徐汇区")
    bureau = User.objects.create(username="old_xuhui_admin", email="xh@example.org")
    expert = User.objects.create(username="old_expert")
    OldAccount.objects.create(
        user=bureau, role=Role.DISTRICT_ADMIN, district=district, phone="13800000000"
    )
    OldAccount.objects.create(user=expert, role=Role.EXPERT)
    OldNotification.objects.create(recipient=bureau, title="旧消息", body="迁移前", url="/admin/")
    OldNotification.objects.create(recipient=expert, title="复审任务", email_attempts=2)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()
    return old_types


def assert_rows_survived(old_types):
    bureau = Account.objects.select_related("user", "district").get(
        user__username="old_xuhui_admin"
    )
    assert (bureau.role, bureau.district.name, bureau.phone) == (
        Role.DISTRICT_ADMIN,
        "徐汇区",
        "13800000000",
    )
    assert Account.objects.get(user__username="old_expert").role == Role.EXPERT
    old_message = Notification.objects.get(recipient__username="old_xuhui_admin")
    assert (old_message.title, old_message.body, old_message.url, old_message.read_at) == (
        "旧消息",
        "迁移前",
        "/admin/",
        None,
    )
    assert Notification.objects.get(recipient__username="old_expert").email_attempts == 2
    # The content types kept their ids: permissions and history follow the models.
    for app_label, model in MOVED:
        moved = ContentType.objects.get(app_label=app_label, model=model)
        assert moved.pk == old_types[model]
        assert not ContentType.objects.filter(app_label="catalog", model=model).exists()


@pytest.mark.django_db(transaction=True)
def test_accounts_and_notifications_keep_their_rows_through_the_move():
    assert_rows_survived(migrate_back_write_rows_and_forward())


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("postgres")
def test_accounts_and_notifications_keep_their_rows_through_the_move_on_postgres():
    assert_rows_survived(migrate_back_write_rows_and_forward())
