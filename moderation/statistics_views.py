"""The statistics report in the admin (统计分析) and its dashboard panel."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from .statistics import all_datasets, flag_dataset, xlsx

PERMISSION = "moderation.view_statistics"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class StatisticsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "moderation/admin/statistics.html"
    page_title = _("统计分析")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        datasets = all_datasets(request.user)
        export = request.GET.get("export")
        if export:
            match = next((d for d in datasets if d.name == export), None)
            if match is None:
                raise Http404
            response = HttpResponse(xlsx(match), content_type=XLSX)
            response["Content-Disposition"] = f'attachment; filename="{match.name}.xlsx"'
            return response
        return self.render_to_response(self.get_context_data(datasets=datasets))


class PermissionMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


class StatisticsViewSet(ViewSet):
    name = "statistics"
    url_prefix = "moderation/statistics"
    icon = "table"
    menu_label = _("统计分析")
    menu_item_class = PermissionMenuItem

    @property
    def menu_url(self):
        return reverse("statistics:index")

    def get_urlpatterns(self):
        return [path("", StatisticsView.as_view(), name="index")]


class OpenFlagsPanel(Component):
    """Dashboard panel: open flags by rule, for those who work or oversee the queue."""

    name = "open_flags"
    order = 150
    template_name = "moderation/admin/open_flags_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        return {"dataset": flag_dataset(self.user), "statistics_url": reverse("statistics:index")}
