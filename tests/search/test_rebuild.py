# ruff: noqa: S608 - SQL names only our table names and generation numbers.
"""A full rebuild fills a new index and swaps it in: search never goes empty, changes meanwhile are kept."""

import gc
import sqlite3

import pytest
from django.core.management import call_command

from search import registry
from search.backends.base import SearchQuery
from search.backends.embedded import EmbeddedBackend

from . import corpus

pytestmark = pytest.mark.django_db


def titles(backend, q):
    return {
        hit.title.replace("<mark>", "").replace("</mark>", "")
        for hit in backend.search(SearchQuery(q=q)).hits
    }


def test_search_keeps_answering_from_the_old_index_during_a_rebuild(backend):
    corpus.supply("社区助浴服务", summary="助浴")
    backend.rebuild(registry.all_documents())
    seen_during = []

    def documents():
        for n, doc in enumerate(registry.all_documents()):
            if n == 1:
                seen_during.append(titles(backend, "助浴"))
                # a change recorded while the rebuild runs goes to both indexes
                backend.index([{**doc, "key": "supply:999999", "title": "重建期间新增的助浴服务"}])
            yield doc

    count = backend.rebuild(documents())
    assert count == len(list(registry.all_documents()))
    assert seen_during == [{"社区助浴服务"}]
    assert titles(backend, "助浴") == {"社区助浴服务", "重建期间新增的助浴服务"}
    assert backend.count() == count + 1


def test_a_failed_rebuild_leaves_the_serving_index_alone(backend):
    corpus.supply("社区助浴服务", summary="助浴")
    backend.rebuild(registry.all_documents())

    def broken():
        yield from registry.all_documents()
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        backend.rebuild(broken())
    assert titles(backend, "助浴") == {"社区助浴服务"}


def test_the_rebuild_command_indexes_every_public_record(backend):
    records = corpus.build()
    call_command("rebuild_search_index", "--backend", "configured", stdout=open("/dev/null", "w"))
    assert backend.count() == len(list(registry.all_documents()))
    assert f"policy:{records['policy'].pk}" in {
        h.key for h in backend.search(SearchQuery(q="推荐目录")).hits
    }


def test_a_rebuild_runs_with_what_was_loaded_frozen_and_unfreezes_after(backend):
    corpus.supply("社区助浴服务", summary="助浴")
    assert gc.get_freeze_count() == 0  # nothing in the test process freezes
    frozen_during = []

    def documents():
        for doc in registry.all_documents():
            frozen_during.append(gc.get_freeze_count())
            yield doc

    backend.rebuild(documents())
    assert frozen_during and min(frozen_during) > 0
    assert gc.get_freeze_count() == 0

    def broken():
        yield from documents()
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        backend.rebuild(broken())
    assert gc.get_freeze_count() == 0


def test_a_rebuild_leaves_a_process_frozen_by_its_server_frozen(backend):
    corpus.supply("社区助浴服务", summary="助浴")
    gc.freeze()  # what gunicorn.conf.py does before forking its workers
    try:
        assert gc.get_freeze_count() > 0
        backend.rebuild(registry.all_documents())
        # Still frozen (unfreezing empties the permanent generation; the count itself
        # drops a little as frozen objects are freed).
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert titles(backend, "助浴") == {"社区助浴服务"}


def test_an_embedded_rebuild_ends_with_every_index_a_fresh_index_has(embedded_index, eager_tasks):
    def indexes(path, generation):
        conn = sqlite3.connect(path)
        try:
            return {
                name.replace(f"_{generation}_", "_N_")
                for (name,) in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                )
                if f"_{generation}_" in name
            }
        finally:
            conn.close()

    corpus.supply("社区助浴服务", summary="助浴")
    backend = EmbeddedBackend()
    fresh = indexes(embedded_index, backend._generation())
    backend.rebuild(registry.all_documents())
    rebuilt = indexes(embedded_index, backend._generation())
    assert {"docs_N_date", "suggest_N_input", "suggest_N_doc", "suggest_N_tail"} <= fresh
    assert rebuilt == fresh
    assert [s.text for s in backend.suggest("社区助")] == ["社区助浴服务"]


def test_searching_after_rebuilds_keeps_one_vocabulary_table_per_connection(
    embedded_index, eager_tasks
):
    corpus.supply("社区助浴服务", summary="助浴")
    backend = EmbeddedBackend()
    for _ in range(3):
        backend.rebuild(registry.all_documents())
        assert titles(backend, "助浴") == {"社区助浴服务"}
    temp = {
        name
        for (name,) in backend.connection().execute(
            "SELECT name FROM temp.sqlite_master WHERE type = 'table' AND name LIKE 'vocab%'"
        )
    }
    assert temp == {f"vocab_{backend._generation()}"}


def _contents(path, generation):
    """Every row of a generation's tables, in a stable order."""
    conn = sqlite3.connect(path)
    try:
        return {
            table: conn.execute(f"SELECT * FROM {table}_{generation} ORDER BY 1, 2").fetchall()
            for table in ("docs", "data", "kinds", "suggest", "lex", "lexdel")
        } | {
            "fts": conn.execute(f"SELECT rowid, * FROM fts_{generation} ORDER BY rowid").fetchall()
        }
    finally:
        conn.close()


def _writers_running():
    import multiprocessing

    return [p for p in multiprocessing.active_children() if p.name == "search-rebuild-writer"]


def test_a_rebuild_of_several_batches_writes_from_a_child_process_the_same_index(
    embedded_index, eager_tasks, settings, monkeypatch
):
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    corpus.build()
    documents = list(registry.all_documents())
    backend = EmbeddedBackend()
    settings.SEARCH_REBUILD_IN_CHILD = False
    backend.rebuild(documents, batch_size=3)
    serial = _contents(embedded_index, backend._generation())

    settings.SEARCH_REBUILD_IN_CHILD = True
    seen = []

    def watched():
        for n, doc in enumerate(documents):
            if n == 4:  # the first full batch has gone to the child
                seen.append(len(_writers_running()))
            yield doc

    assert backend.rebuild(watched(), batch_size=3) == len(documents)
    assert seen == [1] and _writers_running() == []
    assert _contents(embedded_index, backend._generation()) == serial
    assert "上海市徐汇区心晴心理咨询服务中心" in titles(backend, "心理咨询")


def test_a_rebuild_that_fails_while_its_child_writes_leaves_the_serving_index_alone(
    embedded_index, eager_tasks, monkeypatch
):
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    corpus.supply("社区助浴服务", summary="助浴")
    backend = EmbeddedBackend()
    backend.rebuild(registry.all_documents())
    serving = backend._generation()

    def broken():
        yield from registry.all_documents()
        yield from registry.all_documents()  # two batches of one at least: the child runs
        assert _writers_running()
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        backend.rebuild(broken(), batch_size=1)
    assert _writers_running() == []
    assert backend._generation() == serving and backend._meta("building") is None
    assert titles(backend, "助浴") == {"社区助浴服务"}
    # A document the child cannot cut fails the rebuild the same way, with its reason.
    bad = {**next(iter(registry.all_documents())), "key": None}
    with pytest.raises(Exception, match="NOT NULL") as failure:
        backend.rebuild([*registry.all_documents(), bad, bad], batch_size=1)
    assert type(failure.value).__name__ == "SearchUnavailable"
    assert _writers_running() == [] and backend._generation() == serving
    assert titles(backend, "助浴") == {"社区助浴服务"}


def test_a_change_during_a_rebuild_written_by_its_child_is_kept(
    embedded_index, eager_tasks, monkeypatch
):
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    corpus.supply("社区助浴服务", summary="助浴")
    corpus.supply("居家助浴上门服务", summary="助浴")
    backend = EmbeddedBackend()
    backend.rebuild(registry.all_documents())

    def documents():
        for n, doc in enumerate(registry.all_documents()):
            if n == 1:
                assert _writers_running()
                assert titles(backend, "助浴") == {"社区助浴服务", "居家助浴上门服务"}
                backend.index([{**doc, "key": "supply:999999", "title": "重建期间新增的助浴服务"}])
            yield doc

    backend.rebuild(documents(), batch_size=1)
    assert titles(backend, "助浴") == {"社区助浴服务", "居家助浴上门服务", "重建期间新增的助浴服务"}
