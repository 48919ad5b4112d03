"""Open-data fixtures: an embedded search index of the test's records, a published directory."""

import uuid

import pytest

from catalog.factories import ProviderFactory
from search import registry
from search.backends import get_backend


@pytest.fixture(autouse=True)
def own_storage_prefix(settings):
    """Each test's bulk downloads in a folder of their own (the media folder is per session)."""
    settings.OPENDATA_STORAGE_PREFIX = f"opendata-test-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def search_index(settings, tmp_path):
    """Build the embedded index (in a file of this test's) from the records created so far."""
    settings.SEARCH_EMBEDDED_PATH = str(tmp_path / "search.sqlite3")
    settings.ELASTICSEARCH_URL = ""

    def build():
        get_backend().rebuild(registry.all_documents())

    return build


INJECTION = '=HYPERLINK("http://evil.example/","x")'


@pytest.fixture
def directory(db):
    from nominations.models import DirectoryEntry, DirectoryIndexPage, DirectoryYearPage

    index = DirectoryIndexPage.objects.get()
    provider = ProviderFactory(name="上海黄浦阳光社会工作服务社")
    page = DirectoryYearPage(title="2025版推荐目录", year=2025)
    index.add_child(instance=page)
    page.entries = [
        DirectoryEntry(
            first_domain="养老服务",
            second_domain="居家养老",
            provider=provider,
            provider_name=provider.name,
            project_title="长者助餐",
            origin="new",
        ),
        DirectoryEntry(
            first_domain="养老服务", provider_name="未登记的机构", project_title=INJECTION
        ),
    ]
    page.save_revision().publish()
    draft = DirectoryYearPage(title="2026版推荐目录", year=2026, live=False)
    index.add_child(instance=draft)
    return page
