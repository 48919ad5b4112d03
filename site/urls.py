"""URL configuration: admin, documents, the API (gxpt.api), public forms, then Wagtail's pages.

Public pages own their routes (the boards, the directory and its objection form,
the message board are served by Wagtail from the page tree); only what is not a
page is listed here.
"""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.cache import never_cache
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from accounts.scoped_views import ScopedSiteHistoryView

from . import api
from .health import healthz
from .views import sitemap

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # Wagtail's site history, limited to the records the user may open (before Wagtail's).
    path(
        "admin/reports/site-history/",
        never_cache(require_admin_access(ScopedSiteHistoryView.as_view())),
        name="scoped_site_history",
    ),
    path(
        "admin/reports/site-history/results/",
        never_cache(require_admin_access(ScopedSiteHistoryView.as_view(results_only=True))),
        name="scoped_site_history_results",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz/", healthz, name="healthz"),
    path("sitemap/", sitemap, name="sitemap"),
    path("", include(api.urlpatterns)),
    path("", include("search.urls")),
    path("", include("moderation.urls")),
    path("", include("matching.urls")),
    path("", include("opendata.urls")),
]

if settings.DEBUG or settings.SERVE_MEDIA:
    # Uploaded files from this process on the embedded setup (static files are
    # WhiteNoise's); production serves MEDIA_ROOT from the web server or object storage.
    from django.views.static import serve

    urlpatterns += [
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:path>",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "security.apierrors.not_found"
handler500 = "gxpt.errors.server_error"
