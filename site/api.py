"""Every /api/ route of the site, listed once (bakerydemo's `api.py` pattern).

- `/api/v2/`: Wagtail's page API v2 (pages, images, documents; notices narrows it);
- `/api/demand-listings/`, `/api/supply-listings/`: the catalog's boards (DRF);
- `/api/directory/`: the published nomination directory (DRF);
- `/api/search/`, `/api/search/suggest/`: site search (DRF) -- still routed by
  search/urls.py, which the search app's owner moves here;
- `/api/open-data/releases/`, `/api/open-data/demand-listings/`, `/api/open-data/supply-listings/`,
  `/api/open-data/directory-entries/`: the open data, cursor-paginated (opendata.api);
- `/api/schema/`, `/api/docs/`: one OpenAPI document describing all of the above.

Each app keeps its views and serializers in its own `api.py`; only the routing is here.
"""

from csp.constants import SELF
from csp.decorators import csp_replace
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from rest_framework.routers import SimpleRouter
from wagtail.api.v2.router import WagtailAPIRouter

from catalog import api as catalog_api
from nominations import api as nominations_api
from notices import api as notices_api
from opendata import api as opendata_api

# Wagtail's page API v2, headless: live public pages, images, published documents.
wagtail_router = WagtailAPIRouter("wagtailapi")
wagtail_router.register_endpoint("pages", notices_api.NoticePagesAPIViewSet)
wagtail_router.register_endpoint("images", notices_api.PublicImagesAPIViewSet)
wagtail_router.register_endpoint("documents", notices_api.PublishedDocumentsAPIViewSet)

# Redoc (served from the sidecar, our own origin) styles itself with <style> elements it
# writes at run time and searches in a blob: worker; the site's nonce-only style-src
# blocked them and left the page at "Something went wrong".
redoc_csp = csp_replace({"style-src": [SELF, "'unsafe-inline'"], "worker-src": [SELF, "blob:"]})

router = SimpleRouter()
router.register("demand-listings", catalog_api.DemandListingViewSet, basename="demand-listing")
router.register("supply-listings", catalog_api.SupplyListingViewSet, basename="supply-listing")

urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/", redoc_csp(SpectacularRedocView.as_view(url_name="api-schema")), name="api-docs"
    ),
    path("api/v2/", wagtail_router.urls),
    path("api/", include(router.urls)),
    path("api/directory/", nominations_api.DirectoryListView.as_view(), name="api-directory"),
    path(
        "api/directory/<int:year>/",
        nominations_api.DirectoryYearView.as_view(),
        name="api-directory-year",
    ),
    path("api/open-data/releases/", opendata_api.ReleasesView.as_view(), name="api-open-releases"),
    path(
        "api/open-data/demand-listings/",
        opendata_api.DemandRowsView.as_view(),
        name="api-open-demand-listings",
    ),
    path(
        "api/open-data/supply-listings/",
        opendata_api.SupplyRowsView.as_view(),
        name="api-open-supply-listings",
    ),
    path(
        "api/open-data/directory-entries/",
        opendata_api.DirectoryRowsView.as_view(),
        name="api-open-directory-entries",
    ),
]


def public_endpoints_only(endpoints):
    """drf-spectacular hook: describe the public API, not Wagtail's internal admin API."""
    return [
        endpoint
        for endpoint in endpoints
        if not endpoint[0].startswith(("/admin/", "/django-admin/"))
    ]
