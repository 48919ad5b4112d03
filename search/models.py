"""The durable queue of index work: one row per document whose index entry is out of date."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingIndex(models.Model):
    """A document to (re)index or remove, written in the same transaction as the change.

    The Celery task removes the row once every index is updated; if Redis or the
    search server is down the row stays and the periodic task retries it, so a
    change is never lost. What to do is decided when the task runs, from the
    record as it is then: public -> index it, otherwise -> remove it.
    """

    key = models.CharField(_("文档"), max_length=64, unique=True)
    requested_at = models.DateTimeField(_("请求时间"), auto_now=True, db_index=True)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)

    class Meta:
        verbose_name = _("待索引文档")
        verbose_name_plural = _("待索引文档")
        ordering = ["requested_at"]

    def __str__(self):
        return self.key
