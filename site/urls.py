"""URL configuration: admin, APIs, documents, then Wagtail's page serving."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from notices.api import api_router as notices_api_router

from .views import sitemap

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap/", sitemap, name="sitemap"),
    # One OpenAPI document for the whole public API (Wagtail's v2 and our DRF endpoints).
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v2/", notices_api_router.urls),
    path("", include("notices.urls")),
    path("", include("catalog.urls")),
    path("", include("nominations.urls")),
    path("", include("search.urls")),
    path("", include("moderation.urls")),
]

if settings.DEBUG or settings.SERVE_MEDIA:
    # Uploaded files from this process on the embedded setup (static files are
    # WhiteNoise's); production serves MEDIA_ROOT from the web server or object storage.
    from django.views.static import serve

    urlpatterns += [
        path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})
    ]

urlpatterns += [path("", include(wagtail_urls))]
