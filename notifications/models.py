"""Notifications to users, shown in the admin and sent by e-mail through Celery.

A notification is a row first (durable, committed with the change that caused
it); the e-mail is sent after commit by a task, and a periodic task retries any
that could not be sent (Redis or the mail relay down): nothing is lost.

The table is still `catalog_notification`: the model moved here from catalog
with its rows (migration notifications.0001).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    # Set by the sender (e.g. matching's alerts): the e-mail carries this link to stop
    # the messages of its kind, and a List-Unsubscribe header (RFC 8058 one-click).
    unsubscribe_url = models.CharField(_("退订链接"), max_length=500, blank=True)
    # The address was on the suppression list when the e-mail was due: not sent, not retried.
    email_suppressed = models.BooleanField(_("邮件已停发"), default=False)

    class Meta:
        db_table = "catalog_notification"
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="catalog_not_recipie_0f1d26_idx")
        ]

    def __str__(self):
        return self.title


class SuppressedAddress(models.Model):
    """An e-mail address that bounced (or complained): no e-mail is sent to it any more.

    Recorded by `manage.py record_bounce` (or the mail relay's bounce webhook calling the
    same `suppress()`); the in-app inbox keeps working for the user.
    """

    email = models.EmailField(_("电子邮箱"), unique=True)
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    bounces = models.PositiveIntegerField(_("退信次数"), default=1)
    suppressed_at = models.DateTimeField(_("停发时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("停发邮箱")
        verbose_name_plural = _("停发邮箱")

    def __str__(self):
        return self.email

    @staticmethod
    def normalize(email: str) -> str:
        return (email or "").strip().lower()

    @classmethod
    def is_suppressed(cls, email: str) -> bool:
        return cls.objects.filter(email=cls.normalize(email)).exists()

    @classmethod
    def suppress(cls, email: str, reason: str = "") -> "SuppressedAddress":
        email = cls.normalize(email)
        entry, created = cls.objects.get_or_create(email=email, defaults={"reason": reason[:200]})
        if not created:
            cls.objects.filter(pk=entry.pk).update(bounces=models.F("bounces") + 1)
        return entry
