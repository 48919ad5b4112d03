"""A bulk import running in the background: the upload, its progress and its report.

Uploads of more than `CATALOG_IMPORT_BACKGROUND_ROWS` rows are imported by the
worker, not inside the request. The file is kept in the row itself (at most
`CATALOG_IMPORT_MAX_BYTES`) rather than in media storage: the worker may run on
another machine, and an uploaded spreadsheet is never reachable by URL. The
content is cleared once the job has finished.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("导入中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class ImportJob(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    kind = models.CharField(_("导入内容"), max_length=20)
    filename = models.CharField(_("文件名"), max_length=255)
    file_format = models.CharField(_("格式"), max_length=10)
    content = models.BinaryField(_("文件内容"), editable=False)
    dry_run = models.BooleanField(_("只检查，不导入"), default=False)
    rows_total = models.PositiveIntegerField(_("行数"), default=0)
    status = models.CharField(
        _("状态"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    report = models.JSONField(_("导入报告"), null=True, blank=True)
    error = models.TextField(_("错误"), blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    # Progress lives in the cache, not the row: the import runs in one transaction,
    # and a row updated inside it would not be seen by the page that polls.
    @property
    def progress_key(self) -> str:
        return f"catalog-import-progress:{self.pk}"

    @property
    def rows_done(self) -> int:
        if self.finished:
            return self.rows_total
        return cache.get(self.progress_key) or 0

    def set_progress(self, rows: int) -> None:
        cache.set(self.progress_key, rows, timeout=24 * 3600)
