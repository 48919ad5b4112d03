"""`manage.py check` says when the embedded index is of an older layout (it would start empty)."""

import sqlite3

import pytest

from search.backends.embedded import SCHEMA
from search.checks import embedded_index_layout

pytestmark = pytest.mark.django_db


def _index(path, schema):
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)")
        conn.execute("INSERT INTO meta VALUES ('schema', ?)", [schema])


def test_an_index_of_an_older_layout_is_reported(tmp_path, settings):
    settings.SEARCH_EMBEDDED_PATH = str(tmp_path / "old.sqlite3")
    _index(settings.SEARCH_EMBEDDED_PATH, str(int(SCHEMA) - 1))
    (warning,) = embedded_index_layout()
    assert warning.id == "search.W001" and "rebuild_search_index" in warning.hint


def test_a_current_or_missing_index_is_not(tmp_path, settings):
    settings.SEARCH_EMBEDDED_PATH = str(tmp_path / "current.sqlite3")
    _index(settings.SEARCH_EMBEDDED_PATH, SCHEMA)
    assert embedded_index_layout() == []
    settings.SEARCH_EMBEDDED_PATH = str(tmp_path / "none.sqlite3")
    assert embedded_index_layout() == []
