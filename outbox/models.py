"""One row per piece of after-commit work that has not been done yet."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Entry(models.Model):
    """A Celery task to run with these arguments, written in the transaction that needs it.

    The worker runs it after the commit and deletes the row; if Redis, the mail relay or
    the search server is down, the row stays and the periodic retry runs it later, so
    the work is never lost. Tasks are idempotent: a row may run twice, never zero times.
    `key` collapses repeated requests for the same work (the same listing checked twice
    in one minute is checked once, from the record as it is then).
    """

    task = models.CharField(_("任务"), max_length=100)
    args = models.JSONField(_("参数"), default=list)
    key = models.CharField(_("去重键"), max_length=200, unique=True, null=True, blank=True)
    requested_at = models.DateTimeField(_("请求时间"), auto_now=True, db_index=True)
    retry_at = models.DateTimeField(_("下次重试"), null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)

    class Meta:
        verbose_name = _("待执行任务")
        verbose_name_plural = _("待执行任务")
        ordering = ["requested_at"]

    def __str__(self):
        return f"{self.task}{self.args}"
