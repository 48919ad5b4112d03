"""Admin menu items of the catalog that are not viewsets: bulk import and the message inbox."""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.menu import MenuItem

from .access import account_of
from .admin_views import importable_kinds, unread_count


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(importable_kinds(request.user))


class InboxMenuItem(MenuItem):
    """消息, with the number of unread messages, for every signed-in user of the admin."""

    def is_shown(self, request):
        return request.user.is_superuser or account_of(request.user) is not None

    def render_component(self, request):
        count = unread_count(request.user)
        self.label = _("消息（%(n)d）") % {"n": count} if count else _("消息")
        return super().render_component(request)


def import_menu_item():
    return ImportMenuItem(_("批量导入"), reverse("catalog_import"), icon_name="upload", order=210)


def inbox_menu_item():
    return InboxMenuItem(_("消息"), reverse("catalog_inbox"), icon_name="mail", order=50)
