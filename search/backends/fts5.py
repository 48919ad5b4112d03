# ruff: noqa: S608 - SQL names only our generation numbers; values are bound parameters.
"""The query model (`search.query`) translated to SQLite FTS5.

A word is an FTS5 OR of its terms (a term of several parts: their AND); the
tiers of the model are counted with one `rowid IN (…)` per word, filters
included so each set stays small. Column weights come from
`query.FIELD_WEIGHTS`, in the order of the FTS5 table's columns.
"""

import functools
import re
from dataclasses import dataclass

from .. import query as query_model
from ..query import ParsedQuery, Term, Word

# `grams`: the Chinese character bigrams of title, names, domains and places, so a
# word is also found where jieba cut the document differently (照护之家 is cut
# 照护 / 之 / 家, 照户之家 照户 / 之家): a word's bigrams as a phrase is the word as
# a substring of those short fields — what the Elasticsearch bigram fields give.
COLUMNS = (*query_model.TEXT_FIELDS, "grams", "tags")
GRAMS_WEIGHT = 2.0
# Bigram tokens are marked, so they are tokens of their own: a bigram phrase looks
# only at the grams column's (short) doclists, not at every body that has the same
# two characters as a word (居委 / 委会 are in nearly every listing's text).
GRAM_PREFIX = "g_"
NAME_SEPARATOR = "\x1f"
# A document's rowid is its kind's code shifted by this, plus its number within the kind.
KIND_SHIFT = 32
_CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}")


def grams(*texts: str) -> str:
    return " ".join(filter(None, map(_grams, texts)))


# Cached: the index takes the bigrams of the same domain and place names for thousands
# of documents.
@functools.lru_cache(maxsize=8192)
def _grams(value: str | None) -> str:
    out = []
    for run in _CJK_RUN.findall(value or ""):
        out.extend(GRAM_PREFIX + run[i : i + 2] for i in range(len(run) - 1))
    return " ".join(out)


def grams_expression(word: str) -> str:
    """The word as a phrase of its bigrams in the grams column ("" if it has none)."""
    runs = _CJK_RUN.findall(word)
    if len(runs) != 1 or runs[0] != word:
        return ""
    return "grams : " + quote(grams(word))


@functools.lru_cache(maxsize=4096)  # a few hundred facet values, once per document each
def tag(name: str, value) -> str:
    return f"{name}_" + re.sub(r"[^\w.]", "_", str(value).lower())


def kind_rowids(code: int) -> tuple[int, int]:
    """The first and last rowid of the documents of the kind with this code.

    A filter on one kind is then a rowid range, which FTS5 seeks to in every
    doclist, instead of a tag phrase: bm25() reads the whole doclist of each
    phrase of its expression on every query, and a kind's tag is in up to half
    of the documents (measured: 1.36 -> 1.04 ms a statement on the speed bench)."""
    return code << KIND_SHIFT, ((code + 1) << KIND_SHIFT) - 1


def rowid_condition(table: str, rowids: tuple[int, int] | None) -> str:
    """ " AND <table>.rowid BETWEEN …" for a kind's rowids, "" for none."""
    if rowids is None:
        return ""
    return f" AND {table}.rowid BETWEEN {int(rowids[0])} AND {int(rowids[1])}"


def quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def term_expression(term: Term) -> str:
    if len(term.parts) == 1:
        return quote(term.parts[0])
    return "(" + " AND ".join(quote(p) for p in term.parts) + ")"


@dataclass(frozen=True)
class Alternative:
    """One alternative of a word's FTS5 expression: its text, and its phrases' tokens
    (one tuple per phrase: a bigram phrase has several, `A AND B` is two phrases)."""

    expression: str
    phrases: tuple[tuple[str, ...], ...]

    def dead(self, df) -> bool:
        """No document can match it: one of its tokens is in none (`df`: token -> count)."""
        return any(df(token) == 0 for phrase in self.phrases for token in phrase)

    def floored(self, df, total: int) -> bool:
        """Every phrase is a single token in at least half of the `total` documents.

        FTS5's bm25() gives such a phrase the floor IDF of 1e-6 (its IDF,
        log((N - n + 0.5) / (n + 0.5)), is not positive), so it adds at most about
        2e-6 to any document's score: it matters for which documents match, not for
        their order, and is left out of the ranked expression (see `ranked`)."""
        return all(len(phrase) == 1 and 2 * df(phrase[0]) >= total for phrase in self.phrases)


@functools.lru_cache(maxsize=4096)
def word_alternatives(word: Word, literal_only: bool = False) -> tuple[Alternative, ...]:
    terms = [t for t in word.terms if t.own or not literal_only]
    # A term of several parts one of which is already an alternative on its own matches
    # nothing more (X OR (X AND Y) is X), so it is left out: the rows are the same, and
    # FTS5's bm25() counts the documents of every phrase in the expression on each query
    # (服务 in 康复 OR (康复 AND 服务) is nearly every document).
    # Likewise a word's bigram phrase inside another's (g_养老 g_老服 g_服务 contains g_养老).
    alone = {t.parts[0] for t in terms if len(t.parts) == 1}
    with_grams = {text for text in alone if grams_expression(text)}
    alternatives = {}
    for term in terms:
        if len(term.parts) > 1 and alone.intersection(term.parts):
            continue
        alternatives[term_expression(term)] = tuple((part,) for part in term.parts)
        if len(term.parts) != 1 or not (substring := grams_expression(term.text)):
            continue
        if not any(other != term.text and other in term.text for other in with_grams):
            alternatives[substring] = (tuple(grams(term.text).split()),)
    return tuple(Alternative(e, phrases) for e, phrases in alternatives.items())


@functools.lru_cache(maxsize=4096)
def word_expression(word: Word, literal_only: bool = False) -> str:
    return or_expression(word_alternatives(word, literal_only))


def or_expression(alternatives) -> str:
    return "(" + " OR ".join(a.expression for a in alternatives) + ")"


def tokens(parsed: ParsedQuery) -> set[str]:
    """Every token the expressions of `ranked` may look up."""
    return {
        token
        for word in parsed.words
        for literal_only in (False, True)
        for alternative in word_alternatives(word, literal_only)
        for phrase in alternative.phrases
        for token in phrase
    }


def alive(alternatives, df) -> list[Alternative]:
    """The alternatives some document can match (`df`: token -> document count)."""
    return [a for a in alternatives if not a.dead(df)]


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
    return f"bm25({table}, {weights}, {GRAMS_WEIGHT}, 0)"


def _everything(_token: str) -> int:
    return 1


def ranked(
    parsed: ParsedQuery,
    table: str,
    filters: str,
    df=_everything,
    total: int = 0,
    rowids: tuple[int, int] | None = None,
) -> tuple[str, list, str, list]:
    """(a WITH clause or "", its params, the hits SELECT, its params).

    The hits are each matching document's `id`, `covered` (words matched), `literal`
    (words matched by their own wording) and `rel` (FTS5's bm25(), lower is better):
    the model's score is TIER per covered word, LITERAL per literal one, then BM25 and
    the phrase and exact boosts (`BASE_SQL` + `boost_sql`, higher is better).

    BM25 is of a word's own wording only (`Term.own`): its other terms, the dictionary's,
    decide whether and in which tier a document matches, not its order inside the tier.
    So the ranked cursor (bm25()) reads only the own alternatives, and the synonyms' come
    from a plain cursor with a BM25 of 0; with a single word, whether a row came from the
    ranked cursor is then whether it matched literally, without a MATCH of its own.
    `df` (token -> documents that have it, of `total`) lets the expressions leave out
    what cannot change the answer: alternatives no document can match, and, from the
    ranked cursor, alternatives whose phrases FTS5's bm25() floors (`Alternative.floored`):
    their matches come from the plain cursor too, instead of with a BM25 of about 1e-6.
    `rowids`: the one kind filtered on, as a rowid range (`kind_rowids`).
    bm25() reads through the document list of every phrase of its expression on each
    query, so a synonym found in nearly every document (居委会 in the listings of a
    district that writes it everywhere) made every query of its group pay for it.
    """
    words, counted = parsed.words, parsed.counted
    where = f"{table} MATCH ?{rowid_condition(table, rowids)}"
    living = {
        (w, literal): alive(word_alternatives(w, literal), df)
        for w in words
        for literal in (False, True)
    }
    ranked_part, plain_part = {}, {}
    for word in words:
        own = set(living[word, True])
        for alternative in living[word, False]:
            plain = alternative not in own or (total and alternative.floored(df, total))
            (plain_part if plain else ranked_part)[alternative.expression] = alternative
    for expression in ranked_part:
        plain_part.pop(expression, None)
    if not ranked_part and not plain_part:  # nothing can match: say so cheaply
        ranked_part = {a.expression: a for w in words for a in word_alternatives(w)}
    # One word, all of whose own alternatives the ranked cursor reads: a row is literal
    # exactly when it came from that cursor (`u.own`).
    own_from_cursor = len(words) == 1 and all(
        a.expression in ranked_part for a in living[words[0], True]
    )

    def subquery(word: Word, literal_only: bool = False) -> tuple[str, list]:
        alternatives = living[word, literal_only]
        if not alternatives:
            return "0", []
        return (
            f"(u.id IN (SELECT rowid FROM {table} WHERE {where}))",
            [both(or_expression(alternatives), filters)],
        )

    columns, params = [], []
    if len(words) > 1:
        parts = [subquery(w) for w in counted]
        columns.append(f"({' + '.join(sql for sql, _p in parts)}) AS covered")
        params += [p for _sql, found in parts for p in found]
    else:
        columns.append("1 AS covered")
    literal_words = [w for w in counted if not all(t.own for t in w.terms)]
    if literal_words and own_from_cursor:
        columns.append("u.own AS literal")
    elif literal_words:
        parts = [subquery(w, literal_only=True) for w in literal_words]
        plain = len(counted) - len(literal_words)
        columns.append(f"({' + '.join(sql for sql, _p in parts)} + {plain}) AS literal")
        params += [p for _sql, found in parts for p in found]
    else:
        columns.append(f"{len(counted)} AS literal")

    ranked_match = both(or_expression(ranked_part.values()), filters) if ranked_part else ""
    plain_match = both(or_expression(plain_part.values()), filters) if plain_part else ""
    select = f"SELECT u.id, {', '.join(columns)}, u.rel FROM"
    ranked_cursor = f"SELECT rowid AS id, {bm25(table)} AS rel, 1 AS own FROM {table} WHERE {where}"
    plain_cursor = f"SELECT rowid AS id, 0 AS rel, 0 AS own FROM {table} WHERE {where}"
    if not plain_match:
        return "", [], f"{select} ({ranked_cursor}) u", [*params, ranked_match]
    if not ranked_match:
        return "", [], f"{select} ({plain_cursor}) u", [*params, plain_match]
    union = (
        f"SELECT id, rel, own FROM ranked UNION ALL {plain_cursor}"
        " AND rowid NOT IN (SELECT id FROM ranked)"
    )
    cte = f"ranked AS MATERIALIZED ({ranked_cursor})"
    return cte, [ranked_match], f"{select} ({union}) u", [*params, plain_match]


BASE_SQL = f"covered * {query_model.TIER} + literal * {query_model.LITERAL} - rel"
# The most the boosts of `boost_sql` can add to a document's base score (all of them at once).
MAX_BOOST = (
    query_model.EXACT_DOMAIN
    + query_model.IN_DOMAIN
    + query_model.EXACT_TITLE
    + query_model.PHRASE_IN_TITLE
    + query_model.EXACT_NAME
    + query_model.PHRASE_IN_NAMES
)


def boost_sql(parsed: ParsedQuery) -> str:
    """The phrase and exact boosts over the doc's normalized title, names and domain names
    (`d`; the parameters: `boost_params`). The final score is `BASE_SQL` plus these."""
    inside = " OR ".join("instr(d.domains_norm, ?) > 0" for _w in parsed.domain_words()) or "0"
    return (
        f"(instr(d.domains_norm, ?) > 0) * {query_model.EXACT_DOMAIN}"
        f" + ({inside}) * {query_model.IN_DOMAIN}"
        f" + (d.title_norm = ?) * {query_model.EXACT_TITLE}"
        f" + (instr(d.title_norm, ?) > 0) * {query_model.PHRASE_IN_TITLE}"
        f" + (instr(d.names_norm, ?) > 0) * {query_model.EXACT_NAME}"
        f" + (instr(d.names_norm, ?) > 0) * {query_model.PHRASE_IN_NAMES}"
    )


def boost_params(parsed: ParsedQuery) -> list:
    phrase = parsed.phrase or "\x00"
    exact = f"{NAME_SEPARATOR}{phrase}{NAME_SEPARATOR}"
    return [exact, *parsed.domain_words(), phrase, phrase, exact, phrase]


def names_norm(names: list[str]) -> str:
    """Normalized names between separators, so that an exact name is found with instr()."""
    return (
        NAME_SEPARATOR + NAME_SEPARATOR.join(query_model.compact(n) for n in names) + NAME_SEPARATOR
    )
