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
