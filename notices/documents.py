"""Search documents of the notices: policies and announcements (live, public pages)."""

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from search.registry import DocumentType, iso_date, register, register_container

from . import models


def stream_text(stream) -> str:
    """Plain text of a StreamField, from its raw data (no template rendering)."""
    parts = []
    for block in getattr(stream, "raw_data", None) or []:
        value = block.get("value") if isinstance(block, dict) else None
        if isinstance(value, str):
            parts.append(strip_tags(value))
        elif isinstance(value, dict):
            parts.extend(strip_tags(v) for v in value.values() if isinstance(v, str))
    return "\n".join(p for p in parts if p)


def notice_document(page) -> dict:
    return {
        "title": page.title,
        "names": [page.issuing_body] if page.issuing_body else [],
        "body": "\n".join(
            p for p in (page.document_number, page.summary, stream_text(page.body)) if p
        ),
        "domain1": "",
        "domain2": "",
        "domains": [],
        "places": [page.district.name] if page.district_id else [],
        "district": page.district.name if page.district_id else "",
        "year": page.issue_date.year if page.issue_date else None,
        "status": "",
        "date": iso_date(page.issue_date or page.first_published_at),
        "url": page.url or "",
    }


def _public(model):
    return lambda: model.objects.live().public().select_related("district")


for kind, label, model in (
    ("policy", _("政策法规"), models.PolicyPage),
    ("announcement", _("公示公告"), models.AnnouncementPage),
):
    register(
        DocumentType(
            kind=kind,
            label=label,
            model=model,
            public=_public(model),
            to_document=notice_document,
            weight=20,
        )
    )


def download_document(item) -> dict:
    document = item.document
    return {
        "title": item.title,
        "names": [],
        "body": "\n".join(p for p in (item.get_category_display(), item.description) if p),
        "domain1": "",
        "domain2": "",
        "domains": [],
        "places": [],
        "district": "",
        "year": None,
        "status": "",
        "date": iso_date(getattr(document, "created_at", None)),
        "url": document.url if document else "",
    }


def _public_downloads():
    pages = models.DownloadIndexPage.objects.live().public()
    return models.DownloadItem.objects.filter(page__in=pages).select_related("document")


register(
    DocumentType(
        kind="download",
        label=_("资料下载"),
        model=models.DownloadItem,
        public=_public_downloads,
        to_document=download_document,
        weight=15,
    )
)
# The items are public while their page is: search re-indexes them when it is
# published, unpublished or moved.
register_container(
    models.DownloadIndexPage,
    lambda page: [f"download:{pk}" for pk in page.items.values_list("pk", flat=True)],
)
