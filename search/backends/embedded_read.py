# ruff: noqa: S608 - SQL names only our generation numbers and facet names; values are bound parameters.
"""Reading the embedded index: the query model run on FTS5, completion and the spelling lexicon.

A mixin of `EmbeddedBackend` (which owns the connection and the tables); the
translation of the query model itself is in `fts5.py`.
"""

import functools
import json
import sqlite3
import threading
from dataclasses import dataclass

from .. import spelling, text
from ..query import ParsedQuery, Term, Word
from . import fts5
from .base import (
    FACETS,
    Hit,
    SearchBackend,
    SearchQuery,
    SearchResults,
    SearchUnavailable,
    Suggestion,
)

SNIPPET_LENGTH = 120
_LAST = "\U0010ffff"
# Candidates read per shape of a one-character-off prefix, before ranking.
FUZZY_SCAN = 200
# Token document counts kept per connection (`EmbeddedReading._state`), at most this many.
STATISTICS_SIZE = 50_000
_kept = threading.local()
# Commits of this process to an index (a connection's own commits do not move its
# `PRAGMA data_version`, other connections' do): bumped by EmbeddedBackend._transaction.
writes = [0]


@dataclass
class IndexState:
    key: tuple
    documents: int
    kinds: dict[str, int]
    counts: dict[str, int]


def unavailable_on_error(method):
    """sqlite3 and file-system errors surface as SearchUnavailable, like a down server."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (sqlite3.Error, OSError) as exc:
            raise SearchUnavailable(f"embedded index {self.path}: {exc}") from exc

    return wrapper


class EmbeddedReading(SearchBackend):
    @unavailable_on_error
    def run(self, parsed: ParsedQuery, query: SearchQuery) -> SearchResults:
        conn = self.connection()
        g = self._generation()
        table = f"fts_{g}"
        state = self._state(conn, g)
        # One kind: a rowid range (fts5.kind_rowids); several, or one not indexed: tags.
        kinds = query.filters.get("kind") or []
        code = state.kinds.get(kinds[0]) if len(kinds) == 1 else None
        rowids = fts5.kind_rowids(code) if code else None
        filters = fts5.filter_expression(
            query.filters, [name for name in FACETS if not (rowids and name == "kind")]
        )

        if not parsed.words and not filters:
            where = f" WHERE id BETWEEN {rowids[0]} AND {rowids[1]}" if rowids else ""
            facets, total = self._facets(conn, f"SELECT * FROM docs_{g}{where}", [])
            rows = conn.execute(
                f"SELECT id, NULL FROM docs_{g}{where} ORDER BY date DESC, id DESC"
                " LIMIT ? OFFSET ?",
                [query.per_page, query.offset],
            ).fetchall()
            return SearchResults(query, total, self._hits(conn, g, rows, []), facets)

        if not parsed.words:
            matched = (
                f"SELECT d.* FROM {table} JOIN docs_{g} d ON d.id = {table}.rowid"
                f" WHERE {table} MATCH ?{fts5.rowid_condition(table, rowids)}"
            )
            facets, total = self._facets(conn, matched, [filters])
            rows = conn.execute(
                f"SELECT id, NULL FROM ({matched}) ORDER BY date DESC, id DESC LIMIT ? OFFSET ?",
                [filters, query.per_page, query.offset],
            ).fetchall()
            return SearchResults(query, total, self._hits(conn, g, rows, []), facets)

        df, documents = self._statistics(conn, state, fts5.tokens(parsed))
        cte, cte_params, hits, hits_params = fts5.ranked(
            parsed, table, filters, df, documents, rowids
        )
        # One statement: the matches (MATCH and coverage evaluated once) are materialized
        # with their base score and facet columns, then counted per facet and paged.
        matched = (
            f"SELECT d.id, d.date, {', '.join(f'd.{name}' for name in FACETS)},"
            f" {fts5.BASE_SQL} AS base"
            f" FROM ({hits}) h JOIN docs_{g} d ON d.id = h.id WHERE h.covered >= ?"
        )
        boosted = f"SELECT m.id, m.date, m.base + {fts5.boost_sql(parsed)} AS score FROM m"
        if query.sort == "relevance":
            # The boosts add at most MAX_BOOST, so a match whose base score is more than
            # that below the page's last base score cannot reach the page: only the others
            # are looked up and boosted (a query with thousands of synonym-only matches
            # boosts the few dozen of its own wording). The page is the same.
            boosted += (
                f" JOIN docs_{g} d ON d.id = m.id WHERE m.base >= coalesce("
                f"(SELECT base FROM m ORDER BY base DESC LIMIT 1 OFFSET ?), -1e300)"
                f" - {fts5.MAX_BOOST}"
            )
            limit_params = [query.offset + query.per_page - 1]
            order = "score DESC"
        else:
            boosted += f" JOIN docs_{g} d ON d.id = m.id"
            limit_params = []
            order = "date DESC, score DESC"
        page = f"SELECT id, score FROM ({boosted}) ORDER BY {order}, id DESC LIMIT ? OFFSET ?"
        facets, total, rows = self._facets(
            conn,
            matched,
            [
                *cte_params,
                *hits_params,
                parsed.minimum_match,
                *fts5.boost_params(parsed),
                *limit_params,
                query.per_page,
                query.offset,
            ],
            page=page,
            cte=cte,
        )
        terms = parsed.highlight_terms()
        return SearchResults(query, total, self._hits(conn, g, rows, terms), facets)

    def _state(self, conn, g: int) -> IndexState:
        """What searches keep of generation `g` (per connection) until the index changes:
        its document count, its kinds' codes and the token counts met so far. A change is
        any commit: another connection's moves `PRAGMA data_version`, and this process's
        bump `writes` (a connection's own commits do not move its data_version)."""
        key = (str(self.path), g, conn.execute("PRAGMA data_version").fetchone()[0], writes[0])
        state = getattr(_kept, "state", None)
        if state is None or state.key != key or len(state.counts) > STATISTICS_SIZE:
            if state is not None and state.key[0] == key[0] and state.key[1] != g:
                # The vocabulary of the generation read before (a rebuild replaced it):
                # a table of this connection's temp schema, over a table dropped since.
                conn.execute(f"DROP TABLE IF EXISTS temp.vocab_{int(state.key[1])}")
            conn.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab_{g}"
                f" USING fts5vocab(main, fts_{g}, 'row')"
            )
            state = _kept.state = IndexState(
                key,
                conn.execute(f"SELECT count(*) FROM docs_{g}").fetchone()[0],
                dict(conn.execute(f"SELECT kind, code FROM kinds_{g}")),
                {},
            )
        return state

    @staticmethod
    def _statistics(conn, state: IndexState, tokens) -> tuple:
        """(token -> documents that have it, documents in the index): FTS5's own counts
        (an `fts5vocab` table over the index), looked up only for the tokens not met
        since the last write."""
        counts = state.counts
        missing = [t for t in tokens if t not in counts]
        if missing:
            marks = ",".join("?" * len(missing))
            counts.update(dict.fromkeys(missing, 0))
            counts.update(
                conn.execute(
                    f"SELECT term, doc FROM temp.vocab_{state.key[1]} WHERE term IN ({marks})",
                    missing,
                ).fetchall()
            )
        return counts.__getitem__, state.documents

    @staticmethod
    def _facets(conn, matched_sql: str, params: list, page: str = "", cte: str = "") -> tuple:
        """Facet counts over the matches (materialized once, one GROUP BY per facet);
        with `page` (a SELECT of id and score from `m`), also that page's rows, from the
        same statement: (facets, total, rows). `cte`: a WITH clause `matched_sql` reads."""
        union = " UNION ALL ".join(
            f"SELECT '{name}', {name}, count(*) FROM m GROUP BY {name}" for name in FACETS
        )
        if page:
            union += f" UNION ALL SELECT '', * FROM ({page})"
        facets: dict[str, list] = {name: [] for name in FACETS}
        rows = []
        for name, value, n in conn.execute(
            f"WITH {cte + ', ' if cte else ''}m AS MATERIALIZED ({matched_sql}) {union}", params
        ):
            if not name:
                rows.append((value, n))
            elif value not in (None, ""):
                facets[name].append((str(value), n))
        total = sum(n for _value, n in facets["kind"])
        for name in FACETS:
            facets[name].sort(key=lambda item: (-item[1], item[0]))
        return (facets, total, rows) if page else (facets, total)

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
        title, body = data.get("title") or "", data.get("body") or ""
        # The normalized title and body, stored by the index (None: the same text);
        # computed here for a document indexed before they were.
        stored = data.get("normalized")
        if stored is not None:
            title_normalized = title if stored[0] is None else stored[0]
            normalized = body if stored[1] is None else stored[1]
        else:
            title_normalized, normalized = text.normalize(title), text.normalize(body)
        names = text.other_names(data.get("names"), title)
        if terms and not any(t in normalized for t in terms) and names:
            body = " ".join(names) + " " + body
            normalized = None
        return Hit(
            key=key,
            kind=kind,
            title=text.highlight(title, terms, normalized=title_normalized),
            snippet=text.highlight(body, terms, length=SNIPPET_LENGTH, normalized=normalized),
            url=data.get("url") or "",
            date=date,
            district=district,
            year=year,
            status=status,
            domain1=domain1,
            domain2=domain2,
            names=names,
            score=score,
        )

    # -- completion ------------------------------------------------------------------

    @unavailable_on_error
    def complete(self, prefix: str, limit: int, fuzzy: bool) -> list[Suggestion]:
        g = self._generation()
        conn = self.connection()
        select = (
            f"SELECT * FROM (SELECT s.doc, s.weight FROM suggest_{g} s WHERE {{where}}"
            f" LIMIT {FUZZY_SCAN})"
        )
        if not fuzzy:
            shapes = [("s.input >= ? AND s.input < ?", [prefix, prefix + _LAST])]
        else:
            # One character wrong, at each position: the rest of the prefix must match.
            shapes = [
                (
                    "substr(s.input, 2) >= ? AND substr(s.input, 2) < ?"
                    " AND substr(s.input, 1, 1) != ?",
                    [prefix[1:], prefix[1:] + _LAST, prefix[0]],
                ),
                (
                    "substr(s.input, 1, 1) = ? AND substr(s.input, 3) >= ?"
                    " AND substr(s.input, 3) < ? AND substr(s.input, 2, 1) != ?",
                    [prefix[0], prefix[2:], prefix[2:] + _LAST, prefix[1]],
                ),
            ]
            for i in range(2, len(prefix)):
                shapes.append(
                    (
                        "s.input >= ? AND s.input < ? AND substr(s.input, ?, ?) = ?"
                        " AND substr(s.input, ?, 1) != ?",
                        [
                            prefix[:i],
                            prefix[:i] + _LAST,
                            i + 2,
                            len(prefix) - i - 1,
                            prefix[i + 1 :],
                            i + 1,
                            prefix[i],
                        ],
                    )
                )
        candidates = " UNION ALL ".join(select.format(where=where) for where, _p in shapes)
        params = [p for _where, shape_params in shapes for p in shape_params]
        rows = conn.execute(
            f"SELECT d.kind, x.data, max(c.weight) AS w FROM ({candidates}) c"
            f" JOIN docs_{g} d ON d.id = c.doc JOIN data_{g} x ON x.id = c.doc"
            " GROUP BY c.doc ORDER BY w DESC, length(d.title_norm), d.title_norm LIMIT ?",
            [*params, limit * 4],
        ).fetchall()
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

    @unavailable_on_error
    def matching(self, words: list[str]) -> set[str]:

        g = self._generation()
        conn = self.connection()
        found = set()
        for word in words:
            # The word as typed, as one token or as a substring (not as jieba would cut it).
            expression = fts5.word_expression(Word(word, (Term((word,)),)))
            if conn.execute(
                f"SELECT 1 FROM fts_{g} WHERE fts_{g} MATCH ? LIMIT 1", [expression]
            ).fetchone():
                found.add(word)
        return found

    # -- spelling --------------------------------------------------------------------

    @unavailable_on_error
    def similar_words(self, words: list[str]) -> dict[str, list[tuple[str, int]]]:
        g = self._generation()
        conn = self.connection()
        found: dict[str, list[tuple[str, int]]] = {}
        for word in words:
            known = conn.execute(f"SELECT df FROM lex_{g} WHERE word = ?", [word]).fetchone()
            if known and known[0] > 0:
                continue
            keys = [word, *spelling.deletions(word)]
            marks = ",".join("?" * len(keys))
            shorter = list(spelling.deletions(word)) or [""]
            rows = conn.execute(
                f"SELECT l.word, l.df FROM lexdel_{g} x JOIN lex_{g} l ON l.word = x.word"
                f" WHERE x.del IN ({marks}) AND l.df > 0"
                f" UNION SELECT word, df FROM lex_{g}"
                f" WHERE word IN ({','.join('?' * len(shorter))}) AND df > 0",
                [*keys, *shorter],
            ).fetchall()
            found[word] = [(w, n) for w, n in rows if w != word]
        return found
