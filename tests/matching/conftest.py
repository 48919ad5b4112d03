"""Matching fixtures: a private embedded search index, and a hand-built world for the scores."""

import pytest


@pytest.fixture(autouse=True)
def private_search_index(settings, tmp_path):
    settings.SEARCH_EMBEDDED_PATH = str(tmp_path / "search.sqlite3")
    settings.ELASTICSEARCH_URL = ""
