"""Search documents of the published directory (推荐目录): one per entry of a live year page."""

from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published, page_unpublished

from search.registry import DocumentType, register

from .models import DirectoryEntry, DirectoryYearPage


def _domain_codes(entry) -> dict:
    """The entry keeps its domains as published text; find their codes for the facets."""
    from catalog.models import ServiceDomain

    first = ServiceDomain.objects.filter(parent__isnull=True, name=entry.first_domain).first()
    second = None
    if first is not None and entry.second_domain:
        second = first.children.filter(name=entry.second_domain).first()
    return {
        "domain1": first.code if first else "",
        "domain2": second.code if second else "",
    }


def entry_document(entry: DirectoryEntry) -> dict:
    page = entry.page
    provider = entry.provider
    return {
        "title": entry.project_title,
        "names": [entry.provider_name],
        "body": " ".join(
            p
            for p in (
                page.title,
                entry.first_domain,
                entry.second_domain,
                entry.get_origin_display(),
            )
            if p
        ),
        **_domain_codes(entry),
        "district": provider.district.name if provider is not None and provider.district_id else "",
        "year": page.year,
        "status": "",
        "date": f"{page.year}-09-30" if page.year else None,
        "url": page.url or "",
    }


def _public_entries():
    pages = DirectoryYearPage.objects.live().public()
    return DirectoryEntry.objects.filter(page__in=pages).select_related(
        "page", "provider__district"
    )


register(
    DocumentType(
        kind="directory",
        label=_("推荐目录"),
        model=DirectoryEntry,
        public=_public_entries,
        to_document=entry_document,
        weight=25,
    )
)


def _year_page_changed(sender, instance, **kwargs):
    from search.indexing import request

    request([f"directory:{pk}" for pk in instance.entries.values_list("pk", flat=True)])


page_published.connect(
    _year_page_changed, sender=DirectoryYearPage, dispatch_uid="search-directory-pub"
)
page_unpublished.connect(
    _year_page_changed, sender=DirectoryYearPage, dispatch_uid="search-directory-unpub"
)
