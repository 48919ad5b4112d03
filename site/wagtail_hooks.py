"""Wagtail registrations of the project app: the user manual and the help menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms.workflows import WorkflowPageForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.wagtail_hooks import SettingsMenuItem
from wagtail.sites.views import IndexView as SitesIndexView
from wagtail.users.forms import PagePermissionsForm

from .admin_views import manual_view
from .work_queue import WorkQueuePanel


@hooks.register("register_admin_urls")
def register_manual_url():
    return [path("manual/", manual_view, name="gxpt_manual")]


@hooks.register("construct_help_menu")
def our_manual_instead_of_wagtails_guides(request, menu_items):
    # Wagtail's "what's new" and editor guide point to wagtail.org (English, outside host).
    menu_items[:] = [
        item
        for item in menu_items
        if item.name not in {"editor-guide"} and not item.name.startswith("whats-new-in-wagtail")
    ]
    menu_items.insert(
        0,
        MenuItem(
            _("用户手册"), reverse("gxpt_manual"), icon_name="doc-full", name="manual", order=100
        ),
    )


class PlatformSettingsMenuItem(SettingsMenuItem):
    """设置, with the platform's name under it instead of "Wagtail v8.x"."""

    def render_component(self, request):
        component = super().render_component(request)
        component.footer_text = "上海市政府购买社会组织服务供需对接平台"
        return component


@hooks.register("construct_main_menu")
def our_name_under_settings(request, menu_items):
    for item in menu_items:
        if isinstance(item, SettingsMenuItem) and not isinstance(item, PlatformSettingsMenuItem):
            item.__class__ = PlatformSettingsMenuItem


# Wagtail's site list names three of its columns from the field names, in English
# ("Port", "Site name", "Root page"), instead of the fields' translated verbose names.
SITE_COLUMN_LABELS = {"port": _("端口号"), "site_name": _("站点名称"), "root_page": _("根页面")}
for _column in SitesIndexView.columns:
    if getattr(_column, "name", None) in SITE_COLUMN_LABELS:
        _column.label = SITE_COLUMN_LABELS[_column.name]

# The workflow form's and the group form's page fields have no label of their own: Django
# derives "Page" from the name (read by screen readers beside each page).
WorkflowPageForm.base_fields["page"].label = _("页面")
PagePermissionsForm.base_fields["page"].label = _("页面")


@hooks.register("construct_homepage_panels")
def work_queue_first(request, panels):
    panels.insert(0, WorkQueuePanel(request.user))
