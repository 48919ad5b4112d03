"""Admin menu item of the catalog that is not a viewset: bulk import."""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.menu import MenuItem

from .admin_views import importable_kinds


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(importable_kinds(request.user))


def import_menu_item():
    return ImportMenuItem(_("批量导入"), reverse("catalog_import"), icon_name="upload", order=210)
