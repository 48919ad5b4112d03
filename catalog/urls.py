"""Public URLs of the catalog app (included at the site root by gxpt.urls): the boards' API."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("demand-listings", api.DemandListingViewSet, basename="demand-listing")
router.register("supply-listings", api.SupplyListingViewSet, basename="supply-listing")

urlpatterns = [path("api/", include(router.urls))]
