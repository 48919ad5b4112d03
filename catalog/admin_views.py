"""Admin screens that are not model viewsets: bulk import (批量导入) and export."""

import io

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scope import scoped

from .importing import (
    SPECS,
    FileRejected,
    export_xlsx,
    import_file,
    max_upload_bytes,
    template_csv,
    template_xlsx,
)

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
        return upload


def import_view(request):
    kinds = importable_kinds(request.user)
    if not kinds:
        raise PermissionDenied
    report = None
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        kind, upload = form.cleaned_data["kind"], form.cleaned_data["file"]
        try:
            report = import_file(
                kind, upload, upload.name, user=request.user, dry_run=form.cleaned_data["dry_run"]
            )
        except FileRejected as error:
            form.add_error("file", str(error))
        else:
            if report.ok and not report.dry_run:
                messages.success(
                    request,
                    _("已导入%(label)s %(n)d 条。")
                    % {"label": SPECS[kind].label, "n": report.created},
                )
                return redirect(reverse("catalog_import"))
    return TemplateResponse(
        request,
        "catalog/admin/import.html",
        {
            "form": form,
            "report": report,
            "kinds": kinds,
            "page_title": _("批量导入"),
            "header_icon": "upload",
        },
        status=200 if report is None or report.ok else 422,
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
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{kind}-{stamp}.xlsx"'
    return response

