"""Celery tasks of the notifications: the e-mail of each notification and their retry.

Tasks take ids, re-read the row and are idempotent (a sent e-mail is marked and
never sent twice); a message whose task was lost is picked up by the retry.
"""

import datetime

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from .models import Notification, SuppressedAddress

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
        if notification.email_suppressed:
            return False
        if SuppressedAddress.is_suppressed(notification.recipient.email):
            # A bounced address: the inbox keeps the message, no e-mail is tried again.
            notification.email_suppressed = True
            notification.save(update_fields=["email_suppressed"])
            return False
        notification.email_attempts += 1
        notification.save(update_fields=["email_attempts"])
    base = settings.WAGTAILADMIN_BASE_URL
    link = f"\n\n{base}{notification.url}" if notification.url else ""
    headers = {}
    if notification.unsubscribe_url:
        unsubscribe = f"{base}{notification.unsubscribe_url}"
        link += f"\n\n退订此类邮件（无需登录，点击即退订）：{unsubscribe}"
        headers = {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    EmailMessage(
        f"[供需对接平台] {notification.title}",
        f"{notification.body}{link}",
        settings.DEFAULT_FROM_EMAIL,
        [notification.recipient.email],
        headers=headers,
    ).send()
    Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())
    return True


@shared_task(name="notifications.retry_notification_emails")
def retry_notification_emails() -> int:
    """Send the e-mails that were never sent (broker or mail relay down at the time)."""
    stale = timezone.now() - datetime.timedelta(minutes=2)
    pending = Notification.objects.filter(
        emailed_at__isnull=True,
        email_suppressed=False,
        created_at__lt=stale,
        email_attempts__lt=MAX_EMAIL_ATTEMPTS,
    ).exclude(recipient__email="")
    count = 0
    for pk in pending.values_list("pk", flat=True)[:500]:
        try:
            send_notification_email.apply(args=[pk])
            count += 1
        except OSError:
            continue
    return count
