"""Admin URLs of the catalog's non-viewset screens (registered by wagtail_hooks)."""

from django.urls import path

from . import admin_views

urlpatterns = [
    path("catalog/import/", admin_views.import_view, name="catalog_import"),
    path("catalog/import/jobs/<int:pk>/", admin_views.import_job_view, name="catalog_import_job"),
    path(
        "catalog/import/template/<str:kind>.<str:file_format>",
        admin_views.template_view,
        name="catalog_import_template",
    ),
    path("catalog/export/<str:kind>.xlsx", admin_views.export_view, name="catalog_export"),
]
