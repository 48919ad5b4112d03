"""Search fixtures: the same behavioural tests run against both backends.

`backend` is parametrized: the embedded SQLite FTS5 index in a temporary file,
and Elasticsearch, played by osmem-server (started once per session by its
pytest plugin; each test gets a copy-on-write clone). The Elasticsearch
variant is marked `integration`, so it runs in bin/test's second pass.
"""

import uuid

import pytest

from search.backends import get_backend
from tests.search.es_adapter import OsmemCompatibleNode

BACKENDS = ["embedded", pytest.param("elasticsearch", marks=pytest.mark.integration)]


@pytest.fixture
def embedded_index(settings, tmp_path):
    settings.SEARCH_EMBEDDED_PATH = str(tmp_path / "search.sqlite3")
    settings.ELASTICSEARCH_URL = ""
    return settings.SEARCH_EMBEDDED_PATH


@pytest.fixture
def elasticsearch_index(settings, osmem_clone, embedded_index):
    settings.ELASTICSEARCH_URL = osmem_clone.url
    settings.SEARCH_ELASTICSEARCH_OPTIONS = {"node_class": OsmemCompatibleNode}
    settings.SEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:8]}"
    return osmem_clone.url


@pytest.fixture
def eager_tasks():
    """Index in-process after commit, also in the pass that has a broker (its worker is elsewhere)."""
    from gxpt.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(params=BACKENDS)
def backend(request, embedded_index, eager_tasks):
    """The serving backend of one kind, empty."""
    if request.param == "elasticsearch":
        request.getfixturevalue("elasticsearch_index")
    backend = get_backend()
    assert backend.name == request.param
    return backend


@pytest.fixture(autouse=True)
def fresh_dictionary():
    """The dictionary is cached per process; a test's rolled-back entries must not outlive it."""
    from search import synonyms

    synonyms.invalidate()
    yield
    synonyms.invalidate()
