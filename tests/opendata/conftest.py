"""Open-data fixtures: an embedded search index of the test's records."""

import pytest

from search import registry
from search.backends import get_backend


@pytest.fixture
def search_index(settings, tmp_path):
    """Build the embedded index (in a file of this test's) from the records created so far."""
    settings.SEARCH_EMBEDDED_PATH = str(tmp_path / "search.sqlite3")
    settings.ELASTICSEARCH_URL = ""

    def build():
        get_backend().rebuild(registry.all_documents())

    return build
