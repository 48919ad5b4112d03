"""Celery tasks of the notifications: the e-mail of each notification and their retry.

Tasks take ids, re-read the row and are idempotent (a sent e-mail is marked and
never sent twice); a message whose task was lost is picked up by the retry.
"""

import datetime

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification

MAX_EMAIL_ATTEMPTS = 10


@shared_task(
    name="notifications.send_notification_email",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
def send_notification_email(notification_id: int) -> bool:
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.emailed_at or not notification.recipient.email:
            return False
        notification.email_attempts += 1
        notification.save(update_fields=["email_attempts"])
    link = f"\n\n{settings.WAGTAILADMIN_BASE_URL}{notification.url}" if notification.url else ""
    send_mail(
        f"[供需对接平台] {notification.title}",
        f"{notification.body}{link}",
        settings.DEFAULT_FROM_EMAIL,
        [notification.recipient.email],
    )
    Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())
    return True


@shared_task(name="notifications.retry_notification_emails")
def retry_notification_emails() -> int:
    """Send the e-mails that were never sent (broker or mail relay down at the time)."""
    stale = timezone.now() - datetime.timedelta(minutes=2)
    pending = Notification.objects.filter(
        emailed_at__isnull=True, created_at__lt=stale, email_attempts__lt=MAX_EMAIL_ATTEMPTS
    ).exclude(recipient__email="")
    count = 0
    for pk in pending.values_list("pk", flat=True)[:500]:
        try:
            send_notification_email.apply(args=[pk])
            count += 1
        except OSError:
            continue
    return count
