"""Notifications are rows first; e-mails follow after commit and are retried when they could not go."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from catalog.factories import UserFactory
from notifications.delivery import notify
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_notification_is_stored_and_emailed_after_commit(django_capture_on_commit_callbacks):
    user = UserFactory(email="org@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        notify([user], "申报已退回", "请补充材料", "/admin/")
    notification = Notification.objects.get(recipient=user)
    assert notification.emailed_at is not None
    assert mail.outbox[0].to == ["org@example.org"]
    assert "申报已退回" in mail.outbox[0].subject


def test_an_email_that_could_not_be_sent_is_retried_by_the_periodic_task(monkeypatch):
    user = UserFactory(email="org@example.org")
    notification = Notification.objects.create(recipient=user, title="待发送")
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    call_command("run_periodic", "retry-notification-emails", stdout=open("/dev/null", "w"))
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert len(mail.outbox) == 1
    call_command("run_periodic", "retry-notification-emails", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1  # idempotent: never sent twice
