"""Admin screens that are not model viewsets: bulk import (批量导入) and export."""

import io

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scope import scoped
from outbox.dispatch import enqueue
from security import audit

from .importing import (
    SPECS,
    FileRejected,
    ImportReport,
    check_upload,
    count_rows,
    export_xlsx,
    import_file,
    max_upload_bytes,
    template_csv,
    template_xlsx,
)
from .models import ImportJob

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def importable_kinds(user) -> list[tuple[str, str]]:
    return [(kind, spec.label) for kind, spec in SPECS.items() if spec.user_may_import(user)]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("导入内容"))
    file = forms.FileField(
        label=_("文件"),
        help_text=_("Excel（.xlsx）或 CSV（UTF-8 或 GB18030 编码），请使用下载的模板"),
    )
    dry_run = forms.BooleanField(label=_("只检查，不导入"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = importable_kinds(user)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(
                _("文件过大（上限 %(mb)d MB）") % {"mb": max_upload_bytes() // (1024 * 1024)}
            )
        # Every limit (format, unpacked size, rows, cell length) before any cell is parsed.
        try:
            self.file_format = check_upload(upload, upload.name, size=upload.size)
            self.row_count = count_rows(upload, self.file_format)
        except FileRejected as error:
            raise forms.ValidationError(str(error)) from None
        return upload


def background_rows() -> int:
    """Uploads with more data rows than this are imported by the worker, not the request."""
    return getattr(settings, "CATALOG_IMPORT_BACKGROUND_ROWS", 2000)


def _start_job(request, form) -> ImportJob:
    upload = form.cleaned_data["file"]
    upload.seek(0)
    with transaction.atomic():
        job = ImportJob.objects.create(
            user=request.user,
            kind=form.cleaned_data["kind"],
            filename=upload.name[:255],
            file_format=form.file_format,
            content=upload.read(),
            dry_run=form.cleaned_data["dry_run"],
            rows_total=max(form.row_count - 1, 0),
        )
        # Durable: if Redis is down the job waits in the outbox and starts on the retry.
        enqueue("catalog.run_import_job", job.pk, key=f"import-job:{job.pk}")
        audit.record_import(
            request, job.kind, job.filename, job.rows_total, None, job.dry_run, status="queued"
        )
    return job


NOTES_IN_MESSAGE = 5


def _warn_of_notes(request, report) -> None:
    """After a redirect the report is gone: say which formula cells were read by their results."""
    if not report.notes:
        return
    lines = [f"第 {n.row} 行“{n.column}”{n.message}" for n in report.notes[:NOTES_IN_MESSAGE]]
    more = len(report.notes) + report.more_notes - NOTES_IN_MESSAGE
    if more > 0:
        lines.append(_("另有 %(n)d 处公式。") % {"n": more})
    messages.warning(request, "；".join(lines))


def import_view(request):
    kinds = importable_kinds(request.user)
    if not kinds:
        raise PermissionDenied
    report = None
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        kind, upload = form.cleaned_data["kind"], form.cleaned_data["file"]
        if form.row_count - 1 > background_rows():
            job = _start_job(request, form)
            return redirect(reverse("catalog_import_job", args=[job.pk]))
        try:
            report = import_file(
                kind, upload, upload.name, user=request.user, dry_run=form.cleaned_data["dry_run"]
            )
        except FileRejected as error:
            form.add_error("file", str(error))
            audit.record_import(request, kind, upload.name, 0, 0, False, status="rejected")
        else:
            audit.record_import(
                request,
                kind,
                upload.name,
                report.rows,
                report.created,
                report.dry_run,
                status="done" if report.ok else "refused",
            )
            if report.ok and not report.dry_run:
                messages.success(
                    request,
                    _("已导入%(label)s %(n)d 条。")
                    % {"label": SPECS[kind].label, "n": report.created},
                )
                _warn_of_notes(request, report)
                return redirect(reverse("catalog_import"))
    return TemplateResponse(
        request,
        "catalog/admin/import.html",
        {
            "form": form,
            "report": report,
            "kinds": kinds,
            "jobs": ImportJob.objects.filter(user=request.user).defer("content")[:5],
            "background_rows": background_rows(),
            "page_title": _("批量导入"),
            "header_icon": "upload",
        },
        status=200 if report is None or report.ok else 422,
    )


def import_job_view(request, pk):
    """A background import: its progress while it runs (the page refreshes), then its report."""
    jobs = ImportJob.objects.defer("content")
    if not request.user.is_superuser:
        jobs = jobs.filter(user=request.user)
    job = get_object_or_404(jobs, pk=pk)
    report = ImportReport.from_json(job.report) if job.report else None
    return TemplateResponse(
        request,
        "catalog/admin/import_job.html",
        {
            "job": job,
            "report": report,
            "page_title": _("批量导入"),
            "header_icon": "upload",
        },
    )


def template_view(request, kind, file_format):
    if kind not in SPECS or kind not in dict(importable_kinds(request.user)):
        raise Http404
    if file_format not in ("xlsx", "csv"):
        raise Http404
    if file_format == "xlsx":
        response = HttpResponse(template_xlsx(kind), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(template_csv(kind), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.{file_format}"'
    return response


def export_view(request, kind):
    """The user's records (only those in scope) as .xlsx, with the template's headers."""
    if kind not in SPECS:
        raise Http404
    spec = SPECS[kind]
    model = spec.model
    if not request.user.has_perm(f"catalog.view_{model._meta.model_name}"):
        raise PermissionDenied
    queryset = scoped(request.user, model.objects.all())
    # Rows are read from the database in chunks into a write-only workbook.
    buffer = io.BytesIO()
    export_xlsx(kind, queryset, buffer)
    audit.record_export(request, kind)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{kind}-{stamp}.xlsx"'
    return response

