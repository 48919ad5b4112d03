"""Registration only: the catalog's permission policies, admin screens, import, the plan's
opening (its log action and listing button) and its work-queue item."""

from django.urls import include, path
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import admin_urls, work_queue
from .menu import import_menu_item
from .models import AnnualInspection, DemandListing, Provider, Purchaser, SupplyListing
from .permissions import ScopedPermissionPolicy
from .planning import OPEN_PLAN, OPEN_PLAN_LABEL, OpenPlanFormatter, may_open, open_plan_url
from .views import CatalogViewSetGroup

for _model in (Provider, Purchaser, AnnualInspection, DemandListing, SupplyListing):
    register_permission_policy(_model, ScopedPermissionPolicy(_model))

register_snippet(CatalogViewSetGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("", include(admin_urls))]


hooks.register("register_admin_menu_item", import_menu_item)
hooks.register("register_work_queue_items", work_queue.items)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(OPEN_PLAN)(OpenPlanFormatter)


@hooks.register("register_snippet_listing_buttons")
def open_plan_button(snippet, user, next_url=None):
    if isinstance(snippet, DemandListing) and snippet.is_planned and may_open(user, snippet):
        return [
            ListingButton(OPEN_PLAN_LABEL, open_plan_url(snippet), icon_name="check", priority=20)
        ]
    return []
