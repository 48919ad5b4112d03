"""Public URLs of the catalog app (included at the site root by gxpt.urls): the boards' API
and the organizations' public pages."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import api, organization_page

router = SimpleRouter()
router.register("demand-listings", api.DemandListingViewSet, basename="demand-listing")
router.register("supply-listings", api.SupplyListingViewSet, basename="supply-listing")

urlpatterns = [
    path("api/", include(router.urls)),
    path(
        "organizations/<int:pk>/",
        organization_page.organization_detail,
        name="catalog-organization",
    ),
]
