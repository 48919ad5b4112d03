"""Every public kind of record has its documents: directory entries and downloads too, and only while public."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from nominations.models import DirectoryEntry, DirectoryIndexPage, DirectoryYearPage
from notices.models import DownloadIndexPage, DownloadItem
from search import registry
from search.backends.base import SearchQuery

from . import corpus

pytestmark = pytest.mark.django_db


def keys(backend, q, **filters):
    return {h.key for h in backend.search(SearchQuery(q=q, filters=filters)).hits}


def test_directory_entries_of_a_live_year_are_found_with_their_domain_and_year(
    backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        provider = corpus.ProviderFactory(name="上海市黄浦区乐龄社区养老服务中心")
        year_page = DirectoryYearPage(title="2025年推荐目录", year=2025, live=True)
        DirectoryIndexPage.objects.first().add_child(instance=year_page)
        entry = DirectoryEntry.objects.create(
            page=year_page,
            provider=provider,
            provider_name=provider.name,
            first_domain="养老服务",
            second_domain="居家照护及社区托养",
            project_title="长者居家照护示范项目",
        )
    assert f"directory:{entry.pk}" in keys(backend, "长者居家照护")
    assert f"directory:{entry.pk}" in keys(
        backend, "", kind=["directory"], domain2=["2.1"], year=[2025]
    )
    with django_capture_on_commit_callbacks(execute=True):
        year_page.unpublish()
    assert f"directory:{entry.pk}" not in keys(backend, "长者居家照护")


def test_download_items_are_found_by_title_and_description(backend):
    document = Document.objects.create(
        title="推荐意见表", file=ContentFile(b"%PDF-1.4 test", name="form.pdf")
    )
    item = DownloadItem.objects.create(
        page=DownloadIndexPage.objects.first(),
        title="购买主体推荐意见表",
        description="申报推荐目录时由购买主体盖章",
        document=document,
    )
    backend.rebuild(registry.all_documents())
    assert f"download:{item.pk}" in keys(backend, "推荐意见表")
    assert f"download:{item.pk}" in keys(backend, "盖章")
