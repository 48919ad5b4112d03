"""Chinese text handling shared by both backends: normalization, segmentation, suggestions.

Everything that reaches an index, and every query, goes through `normalize()`
first, so full-width and half-width forms (ＡＢＣ１２３ / ABC123) and traditional
and simplified characters (諮詢 / 咨询) become the same text on both sides.

Segmentation (embedded backend) uses rjieba, the Python binding of jieba-rs: the
jieba dictionary and HMM model that Chinese search has relied on for a decade,
but maintained (jieba itself has had no release since 2020), about ten times
faster, and shipped with its dictionary inside the wheel (nothing to download).
Traditional → simplified uses OpenCC, the reference converter (phrase-level
tables, not character by character), through its official Python package.
"""

import functools
import html
import re
import unicodedata

import opencc
import rjieba

# Domain words jieba's general dictionary splits badly; added once at import.
DOMAIN_WORDS = (
    "居家照护",
    "垃圾分类",
    "心理咨询",
    "社会组织",
    "社工",
    "社会工作",
    "助餐",
    "助浴",
    "适老化",
    "乐龄",
    "街镇",
    "推荐目录",
    "购买主体",
    "承接主体",
)
for _word in DOMAIN_WORDS:
    rjieba.add_word(_word, 2000, None)

_T2S = opencc.OpenCC("t2s.json")
_WORD = re.compile(r"\w", re.UNICODE)


def normalize(text: str | None) -> str:
    """Half-width, simplified, lower-case: the one form in which text is indexed and searched."""
    if not text:
        return ""
    return _normalized(text)


# The index normalizes a document's title, names, domains and places more than once (for
# the tokens, the bigrams, the spelling lexicon), and thousands of documents share the same
# domain, district and street names: OpenCC's conversion was a fifth of a rebuild.
@functools.lru_cache(maxsize=8192)
def _normalized(text: str) -> str:
    return _T2S.convert(unicodedata.normalize("NFKC", text)).lower()


def _is_word(token: str) -> bool:
    return bool(_WORD.search(token))


def tokens(text: str | None) -> list[str]:
    """Index-side tokens: jieba's search mode (whole words and their sub-words)."""
    search = _WORD.search  # inlined: this runs for every token of every document indexed
    return [t for t in rjieba.cut_for_search(normalize(text)) if search(t)]


def query_words(query: str | None) -> list[list[str]]:
    """Query-side: each word with its alternatives (the word itself, or all its sub-words).

    jieba's search mode emits a long word and its parts; a document matches a
    query word when it has the word, or every part of it: "心理咨询服务" finds a
    text segmented as "心理咨询 / 服务" as well as "心理 / 咨询 / 服务".
    """
    words = []
    for word in rjieba.cut(normalize(query)):
        if not _is_word(word) or word.isspace():
            continue
        parts = [p for p in rjieba.cut_for_search(word) if p != word and _is_word(p)]
        words.append([word, *dict.fromkeys(parts)])
    return words


def query_terms(query: str | None) -> list[str]:
    """Every term a query may match, longest first (for highlighting)."""
    terms = {term for word in query_words(query) for term in word}
    return sorted(terms, key=len, reverse=True)


# Names, domain names and places recur across thousands of documents (an organization's
# listings, a district's streets): cut once each.
@functools.lru_cache(maxsize=8192)
def recurring_tokens(text: str | None) -> tuple[str, ...]:
    return tuple(tokens(text))


def segmented(text: str | None) -> str:
    """Tokens joined by spaces: what the FTS5 table stores."""
    return " ".join(tokens(text))


_SUGGEST_SKIP = ("上海市", "上海")


@functools.lru_cache(maxsize=4096)
def suggest_inputs(text: str) -> tuple[str, ...]:
    """Prefixes a suggestion is found by: the whole text and its tails from each word on.

    Typing 乐龄 should suggest 上海市黄浦区乐龄社区养老服务中心, so a name is also
    entered from each later word (at most eight), like a search-as-you-type field.
    """
    text = normalize(text).strip()
    if not text:
        return ()
    inputs = [text]
    offset = 0
    for word in rjieba.cut(text)[:-1]:
        offset += len(word)
        tail = text[offset:].lstrip()
        if len(tail) >= 2 and _is_word(tail[0]):
            inputs.append(tail)
        if len(inputs) >= 9:
            break
    return tuple(dict.fromkeys(inputs))


@functools.lru_cache(maxsize=1024)
def _terms_pattern(terms: tuple[str, ...]):
    """One pass over a text for all of a query's terms (a hit is highlighted for every
    term and synonym, often twenty or more: one `find` loop each cost more than the rest
    of the hit)."""
    alternatives = sorted({t for t in terms if t}, key=len, reverse=True)
    if not alternatives:
        return None
    return re.compile("(?=(" + "|".join(re.escape(t) for t in alternatives) + "))")


def highlight(
    text: str,
    terms: list[str],
    tag: str = "mark",
    length: int | None = None,
    normalized: str | None = None,
) -> str:
    """Escape text and wrap the query's terms in <mark>; cut a snippet around the first match.

    Matching is on normalized text, so a traditional or full-width query marks the
    simplified text it found. `normalized`: `normalize(text)`, when the caller has it.
    Escaped as django.utils.html.escape does (its html.escape, without the lazy-string
    wrapper: this runs for every span of every hit).
    """

    original = text or ""
    text = normalize(original) if normalized is None else normalized
    # Matches are found in the normalized text and, where normalization kept every
    # character in place (nearly always), shown in the original text: 《（试行）》 stays.
    shown = original if len(original) == len(text) else text
    merged: list[list[int]] = []
    pattern = _terms_pattern(tuple(terms)) if terms else None
    # At each position, the longest term found there (overlaps included: a lookahead
    # consumes nothing), in order of position: the spans come sorted.
    for found in pattern.finditer(text) if pattern else ():
        start = found.start()
        end = start + len(found.group(1))
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    window_start, window_end = 0, len(text)
    if length is not None and len(text) > length:
        first = merged[0][0] if merged else 0
        window_start = max(0, first - length // 4)
        window_end = min(len(text), window_start + length)
    out, cursor = [], window_start
    for start, end in merged:
        if end <= window_start or start >= window_end:
            continue
        start, end = max(start, window_start), min(end, window_end)
        out.append(html.escape(shown[cursor:start]))
        out.append(f"<{tag}>{html.escape(shown[start:end])}</{tag}>")
        cursor = end
    out.append(html.escape(shown[cursor:window_end]))
    prefix = "…" if window_start > 0 else ""
    suffix = "…" if window_end < len(text) else ""
    return prefix + "".join(out) + suffix


def other_names(names, title) -> list[str]:
    """The names a hit shows under its title: not the title itself (an organization's
    own name is one of its names, for ranking, and its title already)."""
    return [n for n in names or [] if n != title]
