"""Celery tasks of the catalog: bulk imports too large to run inside a request."""

import datetime
import io

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.delivery import notify
from security import audit

from .importing import FileRejected, import_file
from .models import ImportJob, JobStatus


@shared_task(name="catalog.run_import_job")
def run_import_job(job_id: int) -> str:
    """Run one queued import (enqueued through the outbox, so it may arrive twice).

    The job is claimed by one UPDATE: a second delivery finds it no longer queued and
    does nothing. A job left running past the task time limit (a killed worker) may be
    claimed again.
    """
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    claimed = ImportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now
    ) or ImportJob.objects.filter(
        pk=job_id, status=JobStatus.RUNNING, started_at__lt=stale
    ).update(started_at=now)
    if not claimed:
        return "skipped"
    job = ImportJob.objects.get(pk=job_id)
    user = get_user_model().objects.get(pk=job.user_id)
    upload = io.BytesIO(bytes(job.content))
    try:
        report = import_file(
            job.kind,
            upload,
            job.filename,
            user=user,
            dry_run=job.dry_run,
            progress=job.set_progress,
        )
    except FileRejected as error:
        job.status, job.error = JobStatus.FAILED, str(error)
    else:
        job.status, job.report = JobStatus.DONE, report.as_json()
    job.content = b""
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "report", "content", "finished_at"])
    created = (job.report or {}).get("created", 0) if job.status == JobStatus.DONE else 0
    audit.record_import(
        None, job.kind, job.filename, job.rows_total, created, job.dry_run, user, job.status
    )
    notify([user], _summary(job), url=reverse("catalog_import_job", args=[job.pk]))
    return job.status


def _summary(job: ImportJob) -> str:
    name = job.filename
    if job.status == JobStatus.FAILED:
        return _("批量导入失败：%(name)s（%(error)s）") % {"name": name, "error": job.error}
    report = job.report
    if report["problems"]:
        count = len(report["problems"]) + report["more_problems"]
        return _("批量导入未完成：%(name)s 发现 %(n)d 个问题，未导入任何记录") % {
            "name": name,
            "n": count,
        }
    if report["dry_run"]:
        return _("批量导入检查通过：%(name)s 共 %(n)d 行") % {"name": name, "n": report["rows"]}
    return _("批量导入完成：%(name)s 已导入 %(n)d 条") % {"name": name, "n": report["created"]}
