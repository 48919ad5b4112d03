# ruff: noqa: S608 - SQL names only our generation numbers; values are bound parameters.
"""The query model (`search.query`) translated to SQLite FTS5.

A word is an FTS5 OR of its terms (a term of several parts: their AND); the
tiers of the model are counted with one `rowid IN (…)` per word, filters
included so each set stays small. Column weights come from
`query.FIELD_WEIGHTS`, in the order of the FTS5 table's columns.
"""

import functools
import re

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
_CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}")


def grams(*texts: str) -> str:
    out = []
    for value in texts:
        for run in _CJK_RUN.findall(value or ""):
            out.extend(GRAM_PREFIX + run[i : i + 2] for i in range(len(run) - 1))
    return " ".join(out)


def grams_expression(word: str) -> str:
    """The word as a phrase of its bigrams in the grams column ("" if it has none)."""
    runs = _CJK_RUN.findall(word)
    if len(runs) != 1 or runs[0] != word:
        return ""
    return "grams : " + quote(grams(word))


def tag(name: str, value) -> str:
    return f"{name}_" + re.sub(r"[^\w.]", "_", str(value).lower())


def quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def term_expression(term: Term) -> str:
    if len(term.parts) == 1:
        return quote(term.parts[0])
    return "(" + " AND ".join(quote(p) for p in term.parts) + ")"


@functools.lru_cache(maxsize=4096)
def word_expression(word: Word, literal_only: bool = False) -> str:
    terms = [t for t in word.terms if t.own or not literal_only]
    # A term of several parts one of which is already an alternative on its own matches
    # nothing more (X OR (X AND Y) is X), so it is left out: the rows are the same, and
    # FTS5's bm25() counts the documents of every phrase in the expression on each query
    # (服务 in 康复 OR (康复 AND 服务) is nearly every document).
    # Likewise a word's bigram phrase inside another's (g_养老 g_老服 g_服务 contains g_养老).
    alone = {t.parts[0] for t in terms if len(t.parts) == 1}
    with_grams = {text for text in alone if grams_expression(text)}
    alternatives = []
    for term in terms:
        if len(term.parts) > 1 and alone.intersection(term.parts):
            continue
        alternatives.append(term_expression(term))
        if len(term.parts) != 1 or not (substring := grams_expression(term.text)):
            continue
        if not any(other != term.text and other in term.text for other in with_grams):
            alternatives.append(substring)
    return "(" + " OR ".join(dict.fromkeys(alternatives)) + ")"


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


def ranked(parsed: ParsedQuery, table: str, filters: str) -> tuple[str, str, list]:
    """(match expression, the coverage and BM25 columns, their params).

    The score is the model's: TIER per matched word, LITERAL per word matched by
    its own terms, then BM25 and the phrase and exact boosts (higher is better).
    """
    words, counted = parsed.words, parsed.counted
    match = both(" OR ".join(word_expression(w) for w in words), filters)
    columns, params = [], []
    if len(words) > 1:
        covered = " + ".join(
            f"({table}.rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH ?))"
            for _w in counted
        )
        params += [both(word_expression(w), filters) for w in counted]
    else:
        covered = "1"
    columns.append(f"({covered}) AS covered")
    words = counted
    literal_words = [w for w in words if not all(t.own for t in w.terms)]
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


def score_sql(parsed: ParsedQuery) -> str:
    """The final score over the columns of `ranked` and the doc's normalized title, names
    and domain names (the parameters: `score_params`)."""
    inside = " OR ".join("instr(d.domains_norm, ?) > 0" for _w in parsed.domain_words()) or "0"
    return (
        f"covered * {query_model.TIER} + literal * {query_model.LITERAL} - rel"
        f" + (instr(d.domains_norm, ?) > 0) * {query_model.EXACT_DOMAIN}"
        f" + ({inside}) * {query_model.IN_DOMAIN}"
        f" + (d.title_norm = ?) * {query_model.EXACT_TITLE}"
        f" + (instr(d.title_norm, ?) > 0) * {query_model.PHRASE_IN_TITLE}"
        f" + (instr(d.names_norm, ?) > 0) * {query_model.EXACT_NAME}"
        f" + (instr(d.names_norm, ?) > 0) * {query_model.PHRASE_IN_NAMES}"
    )


def score_params(parsed: ParsedQuery) -> list:
    phrase = parsed.phrase or "\x00"
    exact = f"{NAME_SEPARATOR}{phrase}{NAME_SEPARATOR}"
    return [exact, *parsed.domain_words(), phrase, phrase, exact, phrase]


def names_norm(names: list[str]) -> str:
    """Normalized names between separators, so that an exact name is found with instr()."""
    return (
        NAME_SEPARATOR + NAME_SEPARATOR.join(query_model.compact(n) for n in names) + NAME_SEPARATOR
    )
