"""Admin viewsets of the catalog and its public views."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import District, Provider, Purchaser, ServiceDomain


class ProviderViewSet(SnippetViewSet):
    model = Provider
    icon = "group"
    menu_label = _("社会组织")
    list_display = ["name", "credit_code", "district", "registration_level", "grade"]
    list_filter = ["district", "registration_level", "grade", "is_seriously_dishonest"]
    search_fields = ["name", "credit_code"]
    search_backend_name = None


class PurchaserViewSet(SnippetViewSet):
    model = Purchaser
    icon = "site"
    menu_label = _("购买主体")
    list_display = ["name", "level", "district"]
    list_filter = ["level", "district"]
    search_fields = ["name"]
    search_backend_name = None


class ServiceDomainViewSet(SnippetViewSet):
    model = ServiceDomain
    icon = "list-ul"
    menu_label = _("业务领域")
    list_display = ["code", "name", "parent"]
    list_filter = ["parent"]
    search_fields = ["code", "name"]
    search_backend_name = None
    list_per_page = 100


class DistrictViewSet(SnippetViewSet):
    model = District
    icon = "globe"
    menu_label = _("区")
    list_display = ["code", "name", "short_name"]
    search_backend_name = None


class CatalogViewSetGroup(SnippetViewSetGroup):
    menu_label = _("供需管理")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (ProviderViewSet, PurchaserViewSet, ServiceDomainViewSet, DistrictViewSet)
