# ruff: noqa: S608 - SQL names only our generation numbers and facet names; values are bound parameters.
"""The embedded backend: SQLite FTS5 in a file of its own, with Chinese word segmentation.

Its own file (settings.SEARCH_EMBEDDED_PATH, by default under VAR_DIR), so it
works whatever the main database is, PostgreSQL included. Text is normalized and
segmented by `search.text` (jieba's search mode) the same way for documents and
queries; FTS5's `unicode61` tokenizer then only splits on the spaces we put in.

Tables carry a generation number: a rebuild fills generation N+1 beside N while
N serves searches (and receives updates in both), then one transaction moves
`meta.generation` to N+1 — the SQLite counterpart of an Elasticsearch alias swap.
`meta.schema` names the table layout; an index of an older layout is replaced
by an empty one of the current layout (run `rebuild_search_index` after upgrading).

This module writes; `embedded_read.py` reads (search, completion, spelling).
"""

import itertools
import json
import logging
import multiprocessing
import os
import sqlite3
import sys
import threading
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

from .. import query as query_model
from .. import spelling, text
from . import embedded_read
from .base import FACETS, SearchUnavailable, spares_collector, suggestion_weight
from .embedded_read import EmbeddedReading, unavailable_on_error
from .fts5 import COLUMNS, grams, kind_rowids, names_norm, tag

logger = logging.getLogger(__name__)
SCHEMA = "6"
MMAP_BYTES = 1024 * 1024 * 1024  # address space only: the pages are the OS's file cache
_local = threading.local()


def _path() -> Path:
    configured = getattr(settings, "SEARCH_EMBEDDED_PATH", "")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "search.sqlite3"


class EmbeddedBackend(EmbeddedReading):
    name = "embedded"

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path else _path()

    # -- connection and schema -------------------------------------------------------

    def connection(self) -> sqlite3.Connection:
        connections = getattr(_local, "connections", None)
        if connections is None:
            connections = _local.connections = {}
        conn = connections.get(str(self.path))
        if conn is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(
                    self.path, timeout=15, isolation_level=None, check_same_thread=False
                )
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                # Reads through a memory map of the file: a search reads a few MB of FTS5
                # doclists (the BM25 document frequencies of every phrase), which with the
                # default 2 MB page cache are copied in page by page on every query.
                conn.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
                conn.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            except (sqlite3.Error, OSError) as exc:
                raise SearchUnavailable(f"embedded index {self.path}: {exc}") from exc
            connections[str(self.path)] = conn
        return conn

    def _meta(self, name: str) -> str | None:
        row = self.connection().execute("SELECT value FROM meta WHERE name = ?", [name]).fetchone()
        return row[0] if row else None

    def _generation(self) -> int:
        found = dict(
            self.connection().execute(
                "SELECT name, value FROM meta WHERE name IN ('generation', 'schema')"
            )
        )
        if found.get("generation") is not None and found.get("schema") == SCHEMA:
            return int(found["generation"])
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = self._meta("generation")
            if current is None or self._meta("schema") != SCHEMA:
                if current is not None:
                    logger.warning("Search index %s has an older layout: starting empty", self.path)
                    for g in (current, self._meta("building")):
                        if g:
                            self._drop(conn, int(g))
                new = int(current or 0) + 1
                self._create(conn, new)
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", [str(new)])
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", [SCHEMA])
                conn.execute("DELETE FROM meta WHERE name = 'building'")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return int(self._meta("generation"))

    def _write_generations(self) -> list[int]:
        generations = [self._generation()]
        building = self._meta("building")
        if building:
            generations.append(int(building))
        return generations

    @classmethod
    def _create(cls, conn, g: int, indexes: bool = True) -> None:
        """The tables of generation `g`; `indexes=False`: without the indexes only searches
        read, for a rebuild, which creates them once its documents are in
        (`_create_indexes`): one sort each instead of an index update per row."""
        # docs: the narrow facet columns (scanned per match); data: what a hit shows.
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS docs_{g} (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE,"
            " kind TEXT, domain1 TEXT, domain2 TEXT, district TEXT, year INTEGER, status TEXT,"
            " date TEXT, title_norm TEXT, names_norm TEXT, domains_norm TEXT)"
        )
        conn.execute(f"CREATE TABLE IF NOT EXISTS data_{g} (id INTEGER PRIMARY KEY, data TEXT)")
        # A document's id (and FTS5 rowid) carries its kind's code in the high bits
        # (`fts5.kind_rowids`), so a filter on one kind is a rowid range inside FTS5.
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS kinds_{g} (kind TEXT PRIMARY KEY, code INTEGER NOT NULL)"
        )
        # `tags` holds one token per facet value (kind_demand, district_黄浦区 …), so
        # filters are intersected inside FTS5 instead of joined row by row.
        conn.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS fts_{g} USING fts5({', '.join(COLUMNS)},"
            " tokenize = \"unicode61 remove_diacritics 0 tokenchars '_.'\")"
        )
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS suggest_{g} (input TEXT NOT NULL, doc INTEGER NOT NULL,"
            " weight INTEGER NOT NULL)"
        )
        # Created at once, unlike the others: a change arriving during a rebuild deletes a
        # document's old suggestions from the generation being built too.
        conn.execute(f"CREATE INDEX IF NOT EXISTS suggest_{g}_doc ON suggest_{g} (doc)")
        # The spelling lexicon: words with their document counts, and each word with one
        # character left out (a symmetric-deletion index: one edit away is one lookup).
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS lex_{g} (word TEXT PRIMARY KEY, df INTEGER NOT NULL)"
            " WITHOUT ROWID"
        )
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS lexdel_{g} (del TEXT NOT NULL, word TEXT NOT NULL,"
            " PRIMARY KEY (del, word)) WITHOUT ROWID"
        )
        if indexes:
            cls._create_indexes(conn, g)

    @staticmethod
    def _create_indexes(conn, g: int) -> None:
        """The indexes only searches read (a rebuild creates them last)."""
        conn.execute(f"CREATE INDEX IF NOT EXISTS docs_{g}_date ON docs_{g} (date)")
        conn.execute(f"CREATE INDEX IF NOT EXISTS suggest_{g}_input ON suggest_{g} (input)")
        # One wrong character in a typed prefix: found from the rest of it (see embedded_read).
        conn.execute(
            f"CREATE INDEX IF NOT EXISTS suggest_{g}_tail ON suggest_{g} (substr(input, 2))"
        )
        conn.execute(
            f"CREATE INDEX IF NOT EXISTS suggest_{g}_second ON suggest_{g}"
            " (substr(input, 1, 1), substr(input, 3))"
        )

    @staticmethod
    def _drop(conn, g: int) -> None:
        for table in (
            f"lexdel_{g}",
            f"lex_{g}",
            f"suggest_{g}",
            f"fts_{g}",
            f"data_{g}",
            f"docs_{g}",
            f"kinds_{g}",
        ):
            conn.execute(f"DROP TABLE IF EXISTS {table}")

    # -- writing ---------------------------------------------------------------------

    @staticmethod
    def _rows(doc: dict):
        names = doc.get("names") or []
        # The short fields (title, names, domains, places: the columns before the body) are
        # cut once, for their columns and for the spelling lexicon.
        title_field, *recurring = spelling.lexicon_fields(doc)
        short = [text.tokens(title_field), *map(text.recurring_tokens, recurring)]
        words = sorted(spelling.lexicon_words(doc, tokens=itertools.chain(*short)))
        title, body = doc.get("title") or "", doc.get("body") or ""
        data = {
            "title": title,
            "names": names,
            "body": body,
            "url": doc.get("url", ""),
            "words": words,
            # What a hit highlights in (search.text.highlight): normalized once here, not
            # on every search that shows the document (None: the same as the text).
            "normalized": [
                None if (n := text.normalize(title)) == title else n,
                None if (n := text.normalize(body)) == body else n,
            ],
        }
        row = (
            doc["key"],
            doc["kind"],
            doc.get("domain1") or "",
            doc.get("domain2") or "",
            doc.get("district") or "",
            doc.get("year"),
            doc.get("status") or "",
            doc.get("date"),
            query_model.compact(doc.get("title") or ""),
            names_norm(names),
            names_norm(doc.get("domains") or []),
        )
        tags = " ".join(
            tag(name, doc.get(name)) for name in FACETS if doc.get(name) not in (None, "")
        )
        fts = (
            *(" ".join(tokens) for tokens in short),
            text.segmented(doc.get("body")),
            grams(
                text.normalize(doc.get("title")),
                *(text.normalize(n) for n in names),
                *(text.normalize(d) for d in doc.get("domains") or []),
                *(text.normalize(p) for p in doc.get("places") or []),
            ),
            tags,
        )
        weight = suggestion_weight(doc["kind"])
        suggest = [(prefix, weight) for prefix in text.suggest_inputs(doc.get("title") or "")]
        return row, fts, json.dumps(data, ensure_ascii=False), suggest, words

    def _write(self, conn, g: int, prepared: list, lexicon: bool = True) -> None:
        keys = [item[0][0] for item in prepared]
        self._delete_keys(conn, g, keys, lexicon=lexicon)
        marks = ", ".join("?" * len(COLUMNS))
        kinds = {row[1] for row, *_rest in prepared}
        codes = self._kind_codes(conn, g, kinds)
        # Each kind's next id, read once per batch (the batch's old rows are deleted above).
        next_ids = {}
        for kind in kinds:
            first, last = kind_rowids(codes[kind])
            next_ids[kind] = conn.execute(
                f"SELECT coalesce(max(id), ?) + 1 FROM docs_{g} WHERE id BETWEEN ? AND ?",
                [first - 1, first, last],
            ).fetchone()[0]
        numbered = []  # (id, (row, fts, data, suggest, words)) per document
        for item in prepared:
            kind = item[0][1]
            numbered.append((next_ids[kind], item))
            next_ids[kind] += 1
        # One statement per table for the whole batch (not four per document).
        conn.executemany(
            f"INSERT INTO docs_{g} (id, key, kind, domain1, domain2, district, year, status,"
            " date, title_norm, names_norm, domains_norm)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, *row) for doc_id, (row, *_rest) in numbered],
        )
        conn.executemany(
            f"INSERT INTO fts_{g} (rowid, {', '.join(COLUMNS)}) VALUES (?, {marks})",
            [(doc_id, *fts) for doc_id, (_row, fts, *_rest) in numbered],
        )
        conn.executemany(
            f"INSERT INTO data_{g} (id, data) VALUES (?, ?)",
            [(doc_id, data) for doc_id, (_row, _fts, data, *_rest) in numbered],
        )
        conn.executemany(
            f"INSERT INTO suggest_{g} (input, doc, weight) VALUES (?, ?, ?)",
            [
                (prefix, doc_id, weight)
                for doc_id, (*_first, suggest, _words) in numbered
                for prefix, weight in suggest
            ],
        )
        if lexicon:
            self._count_words(conn, g, Counter(w for item in prepared for w in item[4]))

    @staticmethod
    def _kind_codes(conn, g: int, kinds: set[str]) -> dict[str, int]:
        """Each kind's code in this generation, a new kind getting the next one."""
        for kind in sorted(kinds):
            conn.execute(
                f"INSERT OR IGNORE INTO kinds_{g} (kind, code)"
                f" SELECT ?, coalesce(max(code), 0) + 1 FROM kinds_{g}",
                [kind],
            )
        return dict(conn.execute(f"SELECT kind, code FROM kinds_{g}"))

    @staticmethod
    def _count_words(conn, g: int, counts: Counter, sign: int = 1) -> None:
        if not counts:
            return
        conn.executemany(
            f"INSERT INTO lex_{g} (word, df) VALUES (?, ?)"
            " ON CONFLICT (word) DO UPDATE SET df = df + excluded.df",
            [(word, sign * n) for word, n in counts.items()],
        )
        if sign > 0:
            conn.executemany(
                f"INSERT OR IGNORE INTO lexdel_{g} (del, word) VALUES (?, ?)",
                [(d, word) for word in counts for d in spelling.deletions(word)],
            )

    def _delete_keys(self, conn, g: int, keys: list[str], lexicon: bool = True) -> None:
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            ids = [
                r[0] for r in conn.execute(f"SELECT id FROM docs_{g} WHERE key IN ({marks})", chunk)
            ]
            if not ids:
                continue
            id_marks = ",".join("?" * len(ids))
            if lexicon:
                gone: Counter = Counter()
                for (data,) in conn.execute(
                    f"SELECT data FROM data_{g} WHERE id IN ({id_marks})", ids
                ):
                    gone.update(json.loads(data).get("words") or [])
                self._count_words(conn, g, gone, sign=-1)
            conn.execute(f"DELETE FROM fts_{g} WHERE rowid IN ({id_marks})", ids)
            conn.execute(f"DELETE FROM suggest_{g} WHERE doc IN ({id_marks})", ids)
            conn.execute(f"DELETE FROM data_{g} WHERE id IN ({id_marks})", ids)
            conn.execute(f"DELETE FROM docs_{g} WHERE id IN ({id_marks})", ids)

    def _transaction(self, work) -> None:
        conn = self.connection()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                work(conn)
                conn.execute("COMMIT")
                embedded_read.writes[0] += 1
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise SearchUnavailable(f"embedded index {self.path}: {exc}") from exc

    @unavailable_on_error
    def index(self, docs: list[dict]) -> None:
        prepared = [self._rows(doc) for doc in docs]
        generations = self._write_generations()
        self._transaction(lambda conn: [self._write(conn, g, prepared) for g in generations])

    @unavailable_on_error
    def delete(self, keys: list[str]) -> None:
        generations = self._write_generations()
        self._transaction(
            lambda conn: [self._delete_keys(conn, g, list(keys)) for g in generations]
        )

    @unavailable_on_error
    @spares_collector
    def rebuild(self, docs: Iterable[dict], batch_size: int = 1000) -> int:
        conn = self.connection()
        current = self._generation()
        new = current + 1
        stale = self._meta("building")
        self._transaction(
            lambda c: (
                stale and self._drop(c, int(stale)),
                self._drop(c, new),
                self._create(c, new, indexes=False),
                c.execute("INSERT OR REPLACE INTO meta VALUES ('building', ?)", [str(new)]),
            )
        )
        count = 0
        batch: list = []
        writer = _RebuildWriter(self, new)
        try:
            for doc in docs:
                batch.append(doc)
                count += 1
                if len(batch) >= batch_size:
                    writer.write(batch, more=True)
                    batch = []
            if batch:
                writer.write(batch, more=False)
            words = writer.finish()
            self._transaction(
                lambda c: (self._count_words(c, new, words), self._create_indexes(c, new))
            )
        except BaseException:
            writer.abandon()
            self._transaction(
                lambda c: (
                    self._drop(c, new),
                    c.execute("DELETE FROM meta WHERE name = 'building'"),
                )
            )
            raise
        self._transaction(
            lambda c: (
                c.execute("UPDATE meta SET value = ? WHERE name = 'generation'", [str(new)]),
                c.execute("DELETE FROM meta WHERE name = 'building'"),
                self._drop(c, current),
            )
        )
        conn.execute(f"INSERT INTO fts_{new}(fts_{new}) VALUES ('optimize')")
        # The rebuilt index is written through the WAL; folded into the file, it is read
        # through the memory map (pages still in the WAL are read and copied one by one).
        # PASSIVE: copies what no reader still needs, and waits for nobody.
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        return count

    @unavailable_on_error
    def count(self) -> int:
        g = self._generation()
        return self.connection().execute(f"SELECT count(*) FROM docs_{g}").fetchone()[0]


class _RebuildWriter:
    """Cuts (`EmbeddedBackend._rows`) and writes a rebuild's batches into generation `g`,
    counting the spelling lexicon's words in memory (written once, by `rebuild`: not one
    upsert per word and document; single updates arriving meanwhile count their own).

    When there is more than one batch and the machine has more than one core, the cutting
    and writing run in a forked child process while this one reads the next batch from the
    records. Both halves are CPU-bound Python, so a second thread does not help (the GIL:
    tried, slower) and a second process does: a `--quick` speed-bench rebuild about 15 %
    faster on two cores (the child, cutting and writing, is the slower half). The child
    opens a connection of its own (a SQLite connection must not cross a fork) and ends
    with `os._exit`, as multiprocessing's children do, so it never closes what it
    inherited (Django's database connections). A small rebuild (one batch, not full), a
    daemonic process (which may not start children), a system other than Linux or
    `SEARCH_REBUILD_IN_CHILD = False` keeps everything in this process.
    """

    def __init__(self, backend: EmbeddedBackend, g: int):
        self.backend, self.g = backend, g
        self.words: Counter = Counter()
        self.child = self.pipe = None

    @staticmethod
    def _may_fork() -> bool:
        return (
            settings.SEARCH_REBUILD_IN_CHILD
            and (os.cpu_count() or 1) > 1
            # Linux: forking a process that has loaded system frameworks is unsafe on macOS.
            and sys.platform.startswith("linux")
            and not multiprocessing.current_process().daemon
        )

    def write(self, batch: list[dict], more: bool) -> None:
        """`more`: whether more batches may follow (this one is full)."""
        if self.child is None and more and self._may_fork():
            context = multiprocessing.get_context("fork")
            self.pipe, child_end = context.Pipe()
            self.child = context.Process(
                target=_write_in_child,
                args=(str(self.backend.path), self.g, child_end, self.pipe),
                name="search-rebuild-writer",
                daemon=True,
            )
            # What this process has buffered would be written twice: by the child too.
            sys.stdout.flush()
            sys.stderr.flush()
            self.child.start()
            child_end.close()
        if self.child is not None:
            try:
                self.pipe.send(batch)  # waits while the child is a batch behind
            except OSError:  # the child has ended: its reason, if it sent one
                self._failed()
        else:
            _write_batch(self.backend, self.g, batch, self.words)

    def finish(self) -> Counter:
        if self.child is not None:
            try:
                self.pipe.send(None)
                status, payload = self.pipe.recv()
            except (OSError, EOFError):
                self._failed()
            self.child.join()
            self.pipe.close()
            self.child = None
            if status != "done":
                raise SearchUnavailable(f"embedded index {self.backend.path}: {payload}")
            self.words.update(payload)
        return self.words

    def abandon(self) -> None:
        """Stop the child (closing its pipe ends its loop) and wait for it, so that nothing
        writes into the generation about to be dropped."""
        if self.child is None:
            return
        self.pipe.close()
        self.child.join(timeout=30)
        if self.child.is_alive():
            self.child.kill()
            self.child.join()
        self.child = None

    def _failed(self):
        reason = "the rebuild's writer process ended"
        try:
            if self.pipe.poll(5):
                _status, reason = self.pipe.recv()
        except (OSError, EOFError):
            pass
        self.child.join(timeout=5)
        reason += f" (exit code {self.child.exitcode})" if self.child.exitcode else ""
        self.pipe.close()
        self.child = None
        raise SearchUnavailable(f"embedded index {self.backend.path}: {reason}")


def _write_batch(backend: EmbeddedBackend, g: int, batch: list[dict], words: Counter) -> None:
    prepared = [backend._rows(doc) for doc in batch]
    for item in prepared:
        words.update(item[4])
    backend._transaction(lambda c: backend._write(c, g, prepared, lexicon=False))


def _write_in_child(path: str, g: int, pipe, parent_end) -> None:
    """The child of `_RebuildWriter`: batches from `pipe` until None, then its word counts."""
    parent_end.close()  # its copy: the parent closing its own must end `recv` here
    # The parent's connections are left open, untouched: kept referenced so that they are
    # never closed here (closing an inherited SQLite connection can disturb the parent's).
    _inherited.append(getattr(_local, "connections", None))
    _local.connections = {}
    backend, words = EmbeddedBackend(path), Counter()
    try:
        while (batch := pipe.recv()) is not None:
            _write_batch(backend, g, batch, words)
        pipe.send(("done", words))
    except EOFError:  # the parent gave up (`abandon`)
        return
    except BaseException as exc:  # reported to the parent, which raises it
        pipe.send(("failed", f"{type(exc).__name__}: {exc}"))


_inherited: list = []
