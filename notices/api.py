"""Wagtail's API v2 (headless): live public pages, images, and the documents the public site shows.

Routed at /api/v2/ by gxpt.api (every /api/ route is listed there). The pages endpoint only ever returns live,
public pages (Wagtail filters drafts and view-restricted pages); the documents
endpoint is narrowed here to files attached to such pages or offered on the
downloads page, so a file uploaded for a draft does not leak through the API.
"""

from django.db.models import Q
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from security.apierrors import WagtailAPIErrors

from . import schema  # noqa: F401  (registers the OpenAPI descriptions)
from .models import (
    AnnouncementAttachment,
    AnnouncementPage,
    DownloadIndexPage,
    DownloadItem,
    NoticePage,
    PolicyAttachment,
    PolicyPage,
)


def published_documents() -> Q:
    def on_live(model, pages):
        return model.objects.filter(page__in=pages.live().public().values("pk")).values(
            "document_id"
        )

    return (
        Q(pk__in=on_live(PolicyAttachment, PolicyPage.objects))
        | Q(pk__in=on_live(AnnouncementAttachment, AnnouncementPage.objects))
        | Q(pk__in=on_live(DownloadItem, DownloadIndexPage.objects))
    )


class NoticePagesAPIViewSet(WagtailAPIErrors, PagesAPIViewSet):
    """Wagtail's pages endpoint; a listing of one notice type fetches districts and files in bulk."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if issubclass(queryset.model, NoticePage):
            queryset = queryset.select_related("district").prefetch_related("attachments__document")
        return queryset


class PublicImagesAPIViewSet(WagtailAPIErrors, ImagesAPIViewSet):
    pass


class PublishedDocumentsAPIViewSet(WagtailAPIErrors, DocumentsAPIViewSet):
    def get_queryset(self):
        return super().get_queryset().filter(published_documents())
