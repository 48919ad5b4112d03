"""Wagtail registrations of the project app: the user manual and the help menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import manual_view


@hooks.register("register_admin_urls")
def register_manual_url():
    return [path("manual/", manual_view, name="gxpt_manual")]


@hooks.register("construct_help_menu")
def our_manual_instead_of_wagtails_guides(request, menu_items):
    # Wagtail's "what's new" and editor guide point to wagtail.org (English, outside host).
    menu_items[:] = [
        item for item in menu_items if item.name not in {"editor-guide"}
        and not item.name.startswith("whats-new-in-wagtail")
    ]
    menu_items.insert(
        0, MenuItem(_("用户手册"), reverse("gxpt_manual"), icon_name="doc-full", name="manual", order=100)
    )
