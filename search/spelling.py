""" "Did you mean": correct words of one wrong character from the index's own words.

The lexicon is the words of what people search for by name: titles,
organization names, service-domain names and places (`lexicon_words`), kept
by each backend beside its index (embedded: a table with a deletion index;
Elasticsearch: a keyword field read by the term suggester). The choice is
made here, the same for both: a word the lexicon lacks is replaced by the
lexicon word one edit away (a character wrong, missing or extra) found in the
most documents. Runs only when a query found nothing.
"""

import re
from collections.abc import Iterable

import rjieba

from . import text

_CJK = re.compile(r"[\u3400-\u9fff]")
MIN_LENGTH = 2
MAX_LENGTH = 12


def lexicon_fields(doc: dict) -> list[str]:
    """The texts the lexicon's words come from: title, names, domains, places (one each)."""
    return [
        doc.get("title") or "",
        " ".join(doc.get("names") or []),
        " ".join(doc.get("domains") or []),
        " ".join(doc.get("places") or []),
    ]


def lexicon_words(doc: dict, tokens: Iterable[str] | None = None) -> set[str]:
    """The words of a document that a misspelt query may be corrected to.

    `tokens`: the tokens of its `lexicon_fields`, when the caller has them (the embedded
    index cuts each of those fields anyway)."""
    if tokens is None:
        tokens = text.tokens(" ".join(lexicon_fields(doc)))
    words = set()
    for token in tokens:
        if MIN_LENGTH <= len(token) <= MAX_LENGTH and (_CJK.search(token) or len(token) >= 3):
            words.add(token)
    return words


def deletions(word: str) -> set[str]:
    """The word with one character left out (the keys of the embedded deletion index)."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))} if len(word) > 1 else set()


def distance(a: str, b: str) -> int:
    """Levenshtein distance (insert, delete, substitute one character)."""
    if a == b:
        return 0
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def spans(query: str) -> list[str]:
    """The query's words, with runs of single Chinese characters joined (养佬 is cut 养 / 佬)."""
    out: list[str] = []
    single = ""
    for token in rjieba.cut(text.normalize(query)):
        if not token.strip() or not re.search(r"\w", token):
            if single:
                out.append(single)
                single = ""
            continue
        if len(token) == 1 and _CJK.match(token):
            single += token
            continue
        if single:
            out.append(single)
            single = ""
        out.append(token)
    if single:
        out.append(single)
    return out


def correct(query: str, backend) -> str:
    """The query with its unknown words corrected, or "" when there is nothing to correct."""
    words = spans(query)
    candidates = [w for w in words if MIN_LENGTH <= len(w) <= MAX_LENGTH]
    if not candidates:
        return ""
    similar = backend.similar_words(list(dict.fromkeys(candidates)))
    # A word no title or name has may still be in the text (or be cut differently there).
    found = backend.matching([w for w in similar if similar[w]]) if any(similar.values()) else set()
    similar = {w: options for w, options in similar.items() if w not in found}
    changed, out = False, []
    for word in words:
        options = [(w, n) for w, n in similar.get(word, []) if distance(word, w) == 1 and n > 0]
        if options:
            best = max(options, key=lambda item: (item[1], -abs(len(item[0]) - len(word)), item[0]))
            out.append(best[0])
            changed = True
        else:
            out.append(word)
    return " ".join(out) if changed else ""
