"""The district summaries screen: a district uploads its stamped table (附件3), the city reads them."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from accounts.access import account_of
from accounts.scoped_views import ScopedViewSetMixin
from notifications.delivery import notify

from ..forms import DistrictSummaryForm
from ..models import DistrictSummary, Round
from ..notifications import city_admins
from ..permissions import summary_policy
from ..summary import build_summary
from .files import summary_scan_view


class SummaryIndexView(generic.IndexView):
    def get_base_queryset(self):
        return summary_policy.scope(self.request.user, "view").select_related("round", "district")

    def get_header_buttons(self):
        buttons = list(super().get_header_buttons())
        if summary_policy.user_has_permission(self.request.user, "export"):
            buttons.append(
                Button(
                    _("下载汇总表"),
                    url=reverse("nomination_summaries:export"),
                    icon_name="download",
                    priority=5,
                )
            )
        return buttons


class SummaryCreateView(generic.CreateView):
    def dispatch(self, request, *args, **kwargs):
        if not summary_policy.user_has_permission(request.user, "add"):
            messages.error(request, _("只有区民政局可以上传本区盖章汇总表"))
            return redirect(self.index_url_name)
        self.district_id = account_of(request.user).district_id
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        summary = self.form.instance
        existing = DistrictSummary.objects.filter(
            round=summary.round, district_id=self.district_id
        ).first()
        if existing:
            summary.pk = existing.pk
        summary.district_id = self.district_id
        summary.uploaded_by = self.request.user
        summary.save()


        notify(
            city_admins(),
            _("%(district)s已上传%(year)s年度盖章汇总表")
            % {"district": summary.district.name, "year": summary.round.year},
            "",
            reverse("nomination_summaries:index"),
        )
        return summary


class SummaryEditView(generic.EditView):
    def get_queryset(self):
        return summary_policy.instances_user_has_any_permission_for(self.request.user, ["change"])

    def save_instance(self):
        if not self.form.has_changed():
            return self.form.instance  # saved unchanged: nothing changes
        summary = self.form.save(commit=False)
        summary.uploaded_by = self.request.user
        summary.save()
        return summary


class SummaryExportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "nominations/admin/summary_export.html"

    def dispatch(self, request, *args, **kwargs):
        if not summary_policy.user_has_permission(request.user, "export"):
            messages.error(request, _("只有区民政局可以下载本区汇总表"))
            return redirect("nomination_summaries:index")
        self.district = account_of(request.user).district
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(_("下载推荐汇总表（附件3）"))

    def get(self, request, *args, **kwargs):
        round_id = request.GET.get("round")
        if round_id:
            round_ = get_object_or_404(Round, pk=round_id)
            content = build_summary(
                round_, self.district, request.GET.get("contact", ""), request.GET.get("phone", "")
            )
            response = HttpResponse(
                content,
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            filename = f"{round_.year}-summary-{self.district.code}.xlsx"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rounds"] = Round.objects.all()
        context["district"] = self.district
        return context


class DistrictSummaryViewSet(ScopedViewSetMixin, ModelViewSet):
    model = DistrictSummary
    icon = "table"
    menu_label = _("区级推荐汇总表")
    url_prefix = "nominations/summaries"
    name = "nomination_summaries"
    add_to_admin_menu = False
    form_fields = DistrictSummaryForm.Meta.fields
    index_view_class = SummaryIndexView
    add_view_class = SummaryCreateView
    edit_view_class = SummaryEditView
    list_display = [
        "round",
        "district",
        "contact_person",
        "phone",
        Column(
            "stamped_scan",
            label=_("盖章扫描件"),
            accessor=lambda s: format_html(
                '<a href="{}" target="_blank">{}</a>',
                reverse("nomination_summaries:scan", args=[s.pk]),
                _("查看"),
            ),
        ),
        DateColumn("uploaded_at", label=_("上传时间")),
    ]
    list_filter = ["round", "district"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return DistrictSummaryForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("export/", SummaryExportView.as_view(), name="export"),
            path("scan/<int:pk>/", summary_scan_view, name="scan"),
        ]
