"""Registration only: the catalog's permission policies, admin screens and import."""

from django.urls import include, path
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import admin_urls
from .menu import import_menu_item
from .models import AnnualInspection, DemandListing, Provider, Purchaser, SupplyListing
from .permissions import ScopedPermissionPolicy
from .views import CatalogViewSetGroup

for _model in (Provider, Purchaser, AnnualInspection, DemandListing, SupplyListing):
    register_permission_policy(_model, ScopedPermissionPolicy(_model))

register_snippet(CatalogViewSetGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("", include(admin_urls))]


hooks.register("register_admin_menu_item", import_menu_item)
