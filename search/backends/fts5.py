# ruff: noqa: S608 - SQL names only our generation numbers; values are bound parameters.
"""The query model (`search.query`) translated to SQLite FTS5.

A word is an FTS5 OR of its terms (a term of several parts: their AND); the
tiers of the model are counted with one `rowid IN (…)` per word, filters
included so each set stays small. Column weights come from
`query.FIELD_WEIGHTS`, in the order of the FTS5 table's columns.
"""

import re

from .. import query as query_model
from ..query import ParsedQuery, Term, Word

COLUMNS = (*query_model.TEXT_FIELDS, "tags")
NAME_SEPARATOR = "\x1f"


def tag(name: str, value) -> str:
    return f"{name}_" + re.sub(r"[^\w.]", "_", str(value).lower())


def quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def term_expression(term: Term) -> str:
    if len(term.parts) == 1:
        return quote(term.parts[0])
    return "(" + " AND ".join(quote(p) for p in term.parts) + ")"


def word_expression(word: Word, literal_only: bool = False) -> str:
    terms = [t for t in word.terms if not (literal_only and t.synonym)]
    return "(" + " OR ".join(term_expression(t) for t in terms) + ")"


def filter_expression(filters: dict, facets) -> str:
    """The filters as an FTS5 expression on the tags column ("" when there are none)."""
    clauses = []
    for name in facets:
        values = filters.get(name)
        if values:
            alternatives = " OR ".join(quote(tag(name, v)) for v in values)
            clauses.append(f"tags : ({alternatives})")
    return " AND ".join(clauses)


def both(*expressions: str) -> str:
    return " AND ".join(f"({e})" for e in expressions if e)


def bm25(table: str) -> str:
    weights = ", ".join(str(query_model.FIELD_WEIGHTS[c]) for c in query_model.TEXT_FIELDS)
    return f"bm25({table}, {weights}, 0)"


def ranked(parsed: ParsedQuery, table: str, filters: str) -> tuple[str, str, list]:
    """(match expression, the coverage and BM25 columns, their params).

    The score is the model's: TIER per matched word, LITERAL per word matched by
    its own terms, then BM25 and the phrase and exact boosts (higher is better).
    """
    words = parsed.words
    match = both(" OR ".join(word_expression(w) for w in words), filters)
    columns, params = [], []
    if len(words) > 1:
        covered = " + ".join(
            f"({table}.rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH ?))" for _w in words
        )
        params += [both(word_expression(w), filters) for w in words]
    else:
        covered = "1"
    columns.append(f"({covered}) AS covered")
    literal_words = [w for w in words if any(t.synonym for t in w.terms)]
    if literal_words:
        literal = " + ".join(
            f"({table}.rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH ?))"
            for _w in literal_words
        )
        params += [both(word_expression(w, literal_only=True), filters) for w in literal_words]
        plain = len(words) - len(literal_words)
        columns.append(f"({literal} + {plain}) AS literal")
    else:
        columns.append(f"{len(words)} AS literal")
    columns.append(f"{bm25(table)} AS rel")
    return match, ", ".join(columns), params


def score_sql() -> str:
    """The final score over the columns of `ranked` and the doc's normalized title and names."""
    return (
        f"covered * {query_model.TIER} + literal * {query_model.LITERAL} - rel"
        f" + (d.title_norm = ?) * {query_model.EXACT_TITLE}"
        f" + (instr(d.title_norm, ?) > 0) * {query_model.PHRASE_IN_TITLE}"
        f" + (instr(d.names_norm, ?) > 0) * {query_model.EXACT_NAME}"
        f" + (instr(d.names_norm, ?) > 0) * {query_model.PHRASE_IN_NAMES}"
    )


def score_params(parsed: ParsedQuery) -> list:
    phrase = parsed.phrase or "\x00"
    return [phrase, phrase, f"{NAME_SEPARATOR}{phrase}{NAME_SEPARATOR}", phrase]


def names_norm(names: list[str]) -> str:
    """Normalized names between separators, so that an exact name is found with instr()."""
    return NAME_SEPARATOR + NAME_SEPARATOR.join(query_model.phrase_of(n) for n in names) + NAME_SEPARATOR
