"""The audit screen (设置 → 安全审计): every log entry, searchable and exportable.

Wagtail's site history report with what an auditor needs: a free-text search over the
record's name, the user's name and the entry's data (client address, path, changed
fields), and export columns for the address, the role, the path and the before/after of
the changes. CSV and XLSX go through Wagtail's export, whose cells security.spreadsheets
escapes (a name `=HYPERLINK(…)` stays text).

Who sees what: superusers and city admins every entry of the platform; a district admin
the entries of the records it may open (its district's organizations, their listings and
accounts, see accounts.scoped_views.ScopedSiteHistoryView) and its own; nobody else (the
monitoring centre, organizations and experts keep the site history of their own records).
"""

import json

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import IntegerField, Q, TextField, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports.audit_logging import SiteHistoryReportFilterSet
from wagtail.coreutils import multigetattr
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import ModelLogEntry

from accounts.access import role_of
from accounts.roles import Role
from accounts.scoped_views import ScopedSiteHistoryView


def audits_everything(user) -> bool:
    return bool(user.is_superuser or role_of(user) == Role.CITY_ADMIN)


def may_audit(user) -> bool:
    return audits_everything(user) or role_of(user) == Role.DISTRICT_ADMIN


class AuditFilterSet(SiteHistoryReportFilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        model = queryset.model
        matching = (
            model.objects.annotate(_data=Cast("data", TextField()))
            .filter(
                Q(label__icontains=value)
                | Q(user__username__icontains=value)
                | Q(_data__icontains=value)
                # JSON text escapes non-ASCII characters on some backends.
                | Q(_data__icontains=json.dumps(value)[1:-1])
            )
            .values("pk")
        )
        return queryset.filter(pk__in=matching)


class AuditLogView(ScopedSiteHistoryView):
    page_title = _("安全审计")
    header_icon = "history"
    filterset_class = AuditFilterSet
    index_url_name = "security_audit"
    index_results_url_name = "security_audit_results"
    export_headings = {
        **ScopedSiteHistoryView.export_headings,
        "object_id": _("ID"),
        "label": _("对象"),
        "content_type": _("类型"),
        "action": _("操作"),
        "user_display_name": _("操作人"),
        "timestamp": _("时间"),
        "role": _("角色"),
        "ip": _("客户端地址"),
        "path": _("访问地址"),
        "changes": _("变更（修改前 → 修改后）"),
    }
    list_export = [*ScopedSiteHistoryView.list_export, "role", "ip", "path", "changes"]

    def dispatch(self, request, *args, **kwargs):
        if not may_audit(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filtered_queryset(self):
        """Wagtail's union of the log models, over every entry rather than viewable_by_user
        (which keeps only the models the user holds a permission on): the auditor's scope
        is filter_queryset's."""
        queryset = None
        self.log_models = list(log_action_registry.get_log_entry_models())
        for index, log_model in enumerate(self.log_models):
            sub_queryset = (
                log_model.objects.all()
                .values("pk", "timestamp")
                .annotate(log_model_index=Value(index, output_field=IntegerField()))
            )
            sub_queryset = self.filter_queryset(sub_queryset).order_by()
            queryset = sub_queryset if queryset is None else queryset.union(sub_queryset, all=True)
        return queryset.order_by("-timestamp")

    def filter_queryset(self, queryset):
        if audits_everything(self.request.user):
            return super(ScopedSiteHistoryView, self).filter_queryset(queryset)
        queryset = super(ScopedSiteHistoryView, self).filter_queryset(queryset)
        if queryset.model is ModelLogEntry:
            queryset = queryset.filter(self.visible_entries() | Q(user_id=self.request.user.pk))
        else:
            queryset = queryset.filter(user_id=self.request.user.pk)
        return queryset

    def to_row_dict(self, item):
        row = {field: multigetattr(item, field) for field in ScopedSiteHistoryView.list_export}
        data = item.data or {}
        row["role"] = _role_label(data.get("role", ""))
        row["ip"] = data.get("ip", "")
        row["path"] = data.get("path", "")
        row["changes"] = "；".join(
            f"{name}: {old} → {new}" for name, (old, new) in (data.get("changes") or {}).items()
        )
        return row


def _role_label(value: str) -> str:
    if value == "superuser":
        return str(_("超级管理员"))
    return str(Role(value).label) if value in Role.values else value
