# ruff: noqa: S608 - SQL names only our generation numbers and facet names; values are bound parameters.
"""The embedded backend: SQLite FTS5 in a file of its own, with Chinese word segmentation.

Its own file (settings.SEARCH_EMBEDDED_PATH, by default under VAR_DIR), so it
works whatever the main database is, PostgreSQL included. Text is normalized and
segmented by `search.text` (jieba's search mode) the same way for documents and
queries; FTS5's `unicode61` tokenizer then only splits on the spaces we put in.

Tables carry a generation number: a rebuild fills generation N+1 beside N while
N serves searches (and receives updates in both), then one transaction moves
`meta.generation` to N+1 — the SQLite counterpart of an Elasticsearch alias swap.
"""

import functools
import json
import re
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

from .. import text
from .base import (
    FACETS,
    Hit,
    SearchBackend,
    SearchQuery,
    SearchResults,
    SearchUnavailable,
    Suggestion,
    suggestion_weight,
)

# Column weights of bm25(): title, organization names, body.
WEIGHTS = (10.0, 6.0, 1.0)
# Added to the (negative) bm25 score when the whole query is in the title: an exact
# or contained name is the best answer, as the phrase boost does on Elasticsearch.
TITLE_PHRASE_BONUS = 25.0
SNIPPET_LENGTH = 120

_local = threading.local()


def _unavailable_on_error(method):
    """sqlite3 and file-system errors surface as SearchUnavailable, like a down server."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (sqlite3.Error, OSError) as exc:
            raise SearchUnavailable(f"embedded index {self.path}: {exc}") from exc

    return wrapper


def _path() -> Path:
    configured = getattr(settings, "SEARCH_EMBEDDED_PATH", "")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "search.sqlite3"


def _tag(name: str, value) -> str:
    return f"{name}_" + re.sub(r"[^\w.]", "_", str(value).lower())


def _fts_query(words: list[list[str]], operator: str) -> str:
    def quote(term: str) -> str:
        return '"' + term.replace('"', '""') + '"'

    clauses = []
    for word, *parts in words:
        alternatives = [quote(word)]
        if len(parts) > 1:
            alternatives.append("(" + " AND ".join(quote(p) for p in parts) + ")")
        clauses.append("(" + " OR ".join(alternatives) + ")")
    return f" {operator} ".join(clauses)


class EmbeddedBackend(SearchBackend):
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
                conn.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            except (sqlite3.Error, OSError) as exc:
                raise SearchUnavailable(f"embedded index {self.path}: {exc}") from exc
            connections[str(self.path)] = conn
        return conn

    def _meta(self, name: str) -> str | None:
        row = self.connection().execute("SELECT value FROM meta WHERE name = ?", [name]).fetchone()
        return row[0] if row else None

    def _generation(self) -> int:
        generation = self._meta("generation")
        if generation is None:
            conn = self.connection()
            conn.execute("BEGIN IMMEDIATE")
            try:
                if self._meta("generation") is None:
                    self._create(conn, 1)
                    conn.execute("INSERT INTO meta VALUES ('generation', '1')")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            return int(self._meta("generation"))
        return int(generation)

    def _write_generations(self) -> list[int]:
        generations = [self._generation()]
        building = self._meta("building")
        if building:
            generations.append(int(building))
        return generations

    @staticmethod
    def _create(conn, g: int) -> None:
        # docs: the narrow facet columns (scanned per match); data: what a hit shows.
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS docs_{g} (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE,"
            " kind TEXT, domain1 TEXT, domain2 TEXT, district TEXT, year INTEGER, status TEXT,"
            " date TEXT, title_norm TEXT)"
        )
        conn.execute(f"CREATE INDEX IF NOT EXISTS docs_{g}_date ON docs_{g} (date)")
        conn.execute(f"CREATE TABLE IF NOT EXISTS data_{g} (id INTEGER PRIMARY KEY, data TEXT)")
        # `tags` holds one token per facet value (kind_demand, district_黄浦区 …), so
        # filters are intersected inside FTS5 instead of joined row by row.
        conn.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS fts_{g} USING fts5(title, names, body, tags,"
            " tokenize = \"unicode61 remove_diacritics 0 tokenchars '_.'\")"
        )
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS suggest_{g} (input TEXT NOT NULL, doc INTEGER NOT NULL,"
            " weight INTEGER NOT NULL)"
        )
        conn.execute(f"CREATE INDEX IF NOT EXISTS suggest_{g}_input ON suggest_{g} (input)")
        conn.execute(f"CREATE INDEX IF NOT EXISTS suggest_{g}_doc ON suggest_{g} (doc)")

    @staticmethod
    def _drop(conn, g: int) -> None:
        for table in (f"suggest_{g}", f"fts_{g}", f"data_{g}", f"docs_{g}"):
            conn.execute(f"DROP TABLE IF EXISTS {table}")

    # -- writing ---------------------------------------------------------------------

    @staticmethod
    def _rows(doc: dict):
        names = " ".join(doc.get("names") or [])
        data = {
            "title": doc.get("title", ""),
            "names": doc.get("names") or [],
            "body": doc.get("body", ""),
            "url": doc.get("url", ""),
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
            text.normalize(doc.get("title")),
        )
        tags = " ".join(
            _tag(name, doc.get(name)) for name in FACETS if doc.get(name) not in (None, "")
        )
        fts = (
            text.segmented(doc.get("title")),
            text.segmented(names),
            text.segmented(doc.get("body")),
            tags,
            json.dumps(data, ensure_ascii=False),
        )
        weight = suggestion_weight(doc["kind"])
        suggest = [(prefix, weight) for prefix in text.suggest_inputs(doc.get("title") or "")]
        return row, fts, suggest

    def _write(self, conn, g: int, prepared: list) -> None:
        keys = [row[0] for row, _fts, _suggest in prepared]
        self._delete_keys(conn, g, keys)
        for row, fts, suggest in prepared:
            cursor = conn.execute(
                f"INSERT INTO docs_{g} (key, kind, domain1, domain2, district, year, status, date,"
                " title_norm) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            doc_id = cursor.lastrowid
            conn.execute(
                f"INSERT INTO fts_{g} (rowid, title, names, body, tags) VALUES (?, ?, ?, ?, ?)",
                (doc_id, *fts[:4]),
            )
            conn.execute(f"INSERT INTO data_{g} (id, data) VALUES (?, ?)", (doc_id, fts[4]))
            conn.executemany(
                f"INSERT INTO suggest_{g} (input, doc, weight) VALUES (?, ?, ?)",
                [(prefix, doc_id, weight) for prefix, weight in suggest],
            )

    @staticmethod
    def _delete_keys(conn, g: int, keys: list[str]) -> None:
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            ids = [
                r[0] for r in conn.execute(f"SELECT id FROM docs_{g} WHERE key IN ({marks})", chunk)
            ]
            if not ids:
                continue
            id_marks = ",".join("?" * len(ids))
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
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise SearchUnavailable(f"embedded index {self.path}: {exc}") from exc

    @_unavailable_on_error
    def index(self, docs: list[dict]) -> None:
        prepared = [self._rows(doc) for doc in docs]
        generations = self._write_generations()
        self._transaction(lambda conn: [self._write(conn, g, prepared) for g in generations])

    @_unavailable_on_error
    def delete(self, keys: list[str]) -> None:
        generations = self._write_generations()
        self._transaction(
            lambda conn: [self._delete_keys(conn, g, list(keys)) for g in generations]
        )

    @_unavailable_on_error
    def rebuild(self, docs: Iterable[dict], batch_size: int = 1000) -> int:
        conn = self.connection()
        current = self._generation()
        new = current + 1
        stale = self._meta("building")
        self._transaction(
            lambda c: (
                stale and self._drop(c, int(stale)),
                self._drop(c, new),
                self._create(c, new),
                c.execute("INSERT OR REPLACE INTO meta VALUES ('building', ?)", [str(new)]),
            )
        )
        count = 0
        batch: list = []

        def flush():
            prepared = [self._rows(doc) for doc in batch]
            self._transaction(lambda c: self._write(c, new, prepared))
            batch.clear()

        try:
            for doc in docs:
                batch.append(doc)
                count += 1
                if len(batch) >= batch_size:
                    flush()
            if batch:
                flush()
        except BaseException:
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
        return count

    @_unavailable_on_error
    def count(self) -> int:
        g = self._generation()
        return self.connection().execute(f"SELECT count(*) FROM docs_{g}").fetchone()[0]

    # -- reading ---------------------------------------------------------------------

    @staticmethod
    def _filters(query: SearchQuery) -> str:
        """The filters as an FTS5 expression on the tags column ("" when there are none)."""
        clauses = []
        for name in FACETS:
            values = query.filters.get(name)
            if values:
                alternatives = " OR ".join(f'"{_tag(name, v)}"' for v in values)
                clauses.append(f"tags : ({alternatives})")
        return " AND ".join(clauses)

    @_unavailable_on_error
    def search(self, query: SearchQuery) -> SearchResults:
        conn = self.connection()
        g = self._generation()
        filters = self._filters(query)
        words = text.query_words(query.q)
        if query.q.strip() and not words:
            return SearchResults(query, 0, [], {name: [] for name in FACETS})

        if not words and not filters:
            facets, total = self._facets(conn, f"SELECT * FROM docs_{g}", [])
            rows = conn.execute(
                f"SELECT id, NULL FROM docs_{g} ORDER BY date DESC, id DESC LIMIT ? OFFSET ?",
                [query.per_page, query.offset],
            ).fetchall()
            return SearchResults(query, total, self._hits(conn, g, rows, []), facets)

        operators = ("AND", "OR") if len(words) > 1 else ("AND",)
        for operator in operators:
            text_match = _fts_query(words, operator) if words else ""
            match = " AND ".join(f"({m})" for m in (text_match, filters) if m)
            matched = (
                f"SELECT d.* FROM fts_{g} JOIN docs_{g} d ON d.id = fts_{g}.rowid"
                f" WHERE fts_{g} MATCH ?"
            )
            facets, total = self._facets(conn, matched, [match])
            if total:
                break
        if not words:
            order, score, params = "d.date DESC, d.id DESC", "NULL", []
        else:
            phrase = text.normalize(query.q).strip()
            score = (
                f"bm25(fts_{g}, {WEIGHTS[0]}, {WEIGHTS[1]}, {WEIGHTS[2]}, 0)"
                f" - CASE WHEN instr(d.title_norm, ?) > 0 THEN {TITLE_PHRASE_BONUS} ELSE 0 END"
            )
            order = "score" if query.sort == "relevance" else "d.date DESC, score"
            params = [phrase]
        rows = conn.execute(
            f"SELECT d.id, {score} AS score FROM fts_{g} JOIN docs_{g} d ON d.id = fts_{g}.rowid"
            f" WHERE fts_{g} MATCH ? ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, match, query.per_page, query.offset],
        ).fetchall()
        return SearchResults(
            query, total, self._hits(conn, g, rows, text.query_terms(query.q)), facets
        )

    @staticmethod
    def _facets(conn, matched_sql: str, params: list) -> tuple[dict, int]:
        # One pass over the matches (materialized once), one GROUP BY per facet.
        union = " UNION ALL ".join(
            f"SELECT '{name}', {name}, count(*) FROM m GROUP BY {name}" for name in FACETS
        )
        facets: dict[str, list] = {name: [] for name in FACETS}
        for name, value, n in conn.execute(
            f"WITH m AS MATERIALIZED ({matched_sql}) {union}", params
        ):
            if value not in (None, ""):
                facets[name].append((str(value), n))
        total = sum(n for _value, n in facets["kind"])
        for name in FACETS:
            facets[name].sort(key=lambda item: (-item[1], item[0]))
        return facets, total

    def _hits(self, conn, g: int, rows, terms: list[str]) -> list[Hit]:
        if not rows:
            return []
        ids = [row[0] for row in rows]
        marks = ",".join("?" * len(ids))
        found = {
            r[0]: r
            for r in conn.execute(
                f"SELECT d.id, d.key, d.kind, d.domain1, d.domain2, d.district, d.year, d.status,"
                f" d.date, x.data FROM docs_{g} d JOIN data_{g} x ON x.id = d.id"
                f" WHERE d.id IN ({marks})",
                ids,
            )
        }
        return [self._hit((*found[doc_id][1:], score), terms) for doc_id, score in rows]

    @staticmethod
    def _hit(row, terms: list[str]) -> Hit:
        key, kind, domain1, domain2, district, year, status, date, data, score = row
        data = json.loads(data)
        body = data.get("body") or ""
        normalized = text.normalize(body)
        if terms and not any(t in normalized for t in terms) and data.get("names"):
            body = " ".join(data["names"]) + " " + body
        return Hit(
            key=key,
            kind=kind,
            title=text.highlight(data.get("title") or "", terms),
            snippet=text.highlight(body, terms, length=SNIPPET_LENGTH),
            url=data.get("url") or "",
            date=date,
            district=district,
            year=year,
            status=status,
            domain1=domain1,
            domain2=domain2,
            names=data.get("names") or [],
            score=-score if score is not None else None,
        )

    @_unavailable_on_error
    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        prefix = text.normalize(prefix).strip()
        if not prefix:
            return []
        g = self._generation()
        try:
            rows = (
                self.connection()
                .execute(
                    f"SELECT d.kind, x.data, max(s.weight) AS w FROM suggest_{g} s"
                    f" JOIN docs_{g} d ON d.id = s.doc JOIN data_{g} x ON x.id = s.doc"
                    " WHERE s.input >= ? AND s.input < ?"
                    " GROUP BY s.doc ORDER BY w DESC, length(d.title_norm), d.title_norm LIMIT ?",
                    [prefix, prefix + "\U0010ffff", limit * 4],
                )
                .fetchall()
            )
        except sqlite3.Error as exc:
            raise SearchUnavailable(str(exc)) from exc
        seen, suggestions = set(), []
        for kind, data, _weight in rows:
            data = json.loads(data)
            title = data.get("title") or ""
            if title in seen:
                continue
            seen.add(title)
            suggestions.append(Suggestion(text=title, kind=kind, url=data.get("url") or ""))
            if len(suggestions) >= limit:
                break
        return suggestions
