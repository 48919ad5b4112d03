"""The query model, written once: what a query means, whichever backend answers it.

`parse()` turns what a visitor typed into a `ParsedQuery`; `backends/fts5.py`
translates it to an SQLite FTS5 query and `backends/elastic_read.py` to the
Elasticsearch DSL. Both keep the same rules:

1. Text is normalized (`text.normalize`: half-width, simplified, lower case) and
   cut into words by jieba. Punctuation and a few function words (的, 和 …) are
   not words; a query of nothing else keeps them.
2. Each word is a *group* of terms, any of which matches it: the word itself;
   its jieba sub-words all together, generic ones left out next to a distinctive one
   (心理咨询服务 matches 心理 + 咨询);
   and, from the lay-term dictionary (`search.synonyms`), every other term of
   its group (老年人 matches 老人, 长者, 老年 …). A sub-word found in the
   dictionary is replaced the same way (孤寡老人 → 孤寡 + 长者 …).
   Consecutive words that together are a dictionary entry are one word, and a
   single Chinese character is joined to the word next to it (认知症 is cut
   认知 / 症: one word 认知症), so no backend has to match a lone character.
3. Ranking is in tiers: every document that matches all words comes before any
   document that matches fewer; a partial match needs at least
   `minimum_match()` of the words (half of them, rounded up). Generic words
   (`WEAK_WORDS`, bare numbers, compounds of them) score but are not counted.
   Among equal coverage, words matched by their own wording count before words
   matched only through a synonym (`LITERAL`); an everyday word's own wording
   is its whole group (see `Term`). Inside a tier, BM25 of the words' own
   wording (a synonym decides the tier, not the order inside it) over the fields
   weighted by `FIELD_WEIGHTS`, plus `PHRASE_IN_TITLE` when the whole query is
   in the title, `PHRASE_IN_NAMES` when it is in an organization name,
   `EXACT_TITLE` / `EXACT_NAME` when the title or a name is the query, and
   `EXACT_DOMAIN` / `IN_DOMAIN` when the query is, or a word is in, the name of
   the document's service domain. Phrases compare in `compact()` form.
4. If nothing matches at all, `search.spelling` corrects words of one wrong
   character from the index's own words (titles, names, domain terms, places)
   and the corrected query is run instead; the results say so.
"""

import functools
import math
import re
from dataclasses import dataclass

import rjieba

from . import synonyms, text

# One weight per searchable field, used by both backends (FTS5 column weights,
# Elasticsearch field boosts).
FIELD_WEIGHTS = {
    "title": 10.0,
    "names": 6.0,
    "domains": 4.0,
    "places": 3.0,
    "body": 1.0,
}
TEXT_FIELDS = tuple(FIELD_WEIGHTS)
# Added inside a tier: the whole query in the title, or in an organization name, puts a
# document before those that only have its words (larger than BM25 differences, which
# order the documents within each of these steps).
EXACT_TITLE = 2000.0
PHRASE_IN_TITLE = 1000.0
EXACT_NAME = 600.0
# The service domain says what a listing is about more reliably than the words its
# writer chose: EXACT_DOMAIN when the query is the name of one of the document's
# domains (社区治理), IN_DOMAIN when a word of it, or a synonym of a word, is found in
# those names (托幼 in 社区托幼, 调解 → 人民调解). Once per document each.
EXACT_DOMAIN = 1500.0
IN_DOMAIN = 500.0
PHRASE_IN_NAMES = 300.0
# Score given per matched word: larger than any relevance score, so the number of
# matched words decides first; then per word matched by its own terms rather than
# only by a synonym (the literal word first, its synonyms after). TIER is above
# MAX_WORDS * LITERAL + the boosts + BM25, and no larger: Elasticsearch scores are
# float32, whose step at 1,000,000 (the old TIER) is 1/16, coarser than the BM25
# differences of body-only matches; at 200,000 it is 1/64.
TIER = 200_000.0
LITERAL = 10_000.0

MAX_WORDS = 12
# Words nearly every listing has (服务, 项目, 运营, 社区 …) and bare numbers (a year): they
# add to the score but do not count for the tiers, so 「七宝镇 心理 疏导站 委托 运营」 ranks by
# the distinctive words. A query of nothing else counts them.
WEAK_WORDS = frozenset(
    "服务 项目 运营 管理 工作 活动 开展 提供 委托 购买 社区 街道 中心 服务中心 服务站 "
    "服务社 年度 计划 工程 实施 建设 推进 专项 综合 相关 内容 机构 组织 社会 上海 上海市 "
    "一期 二期 三期 四期 五期".split()
)
# A year or a phase: 2025, 2025年, 2025年度, 第二期.
_GENERIC = re.compile(r"\d+|\d+年度?|第[一二三四五六七八九十\d]+期")
# Function words that are not worth requiring (kept if the query is nothing else).
STOP_WORDS = frozenset(
    "的 和 与 及 或 在 对 等 了 是 有 为 于 个 类 项 请 我 我要 查询 查找 搜索".split()
)
_CJK = re.compile(r"[\u3400-\u9fff]")
_SPACE_BETWEEN_CJK = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
_SPACES = re.compile(r"\s+")
_SPACE_BY_CJK = re.compile(r"(?<=[\u3400-\u9fff])\s+|\s+(?=[\u3400-\u9fff])")
# Punctuation and symbols (what is neither a letter, a digit nor a space).
_PUNCTUATION = re.compile(r"[^\w\s]|_")


@dataclass(frozen=True)
class Term:
    """One way to match a word: `parts` all present (a single part: that token).

    `synonym`: from the dictionary, not the word itself. `own`: counts as the word's
    own wording for `LITERAL` — the word itself, and for an everyday word (one that is
    not a group's official term) every word of its groups too: someone who types 老人
    is not asking for documents that avoid 长者 or 老年人.
    """

    parts: tuple[str, ...]
    synonym: bool = False
    own: bool = True

    @property
    def text(self) -> str:
        return "".join(self.parts)


@dataclass(frozen=True)
class Word:
    text: str
    terms: tuple[Term, ...]
    weak: bool = False  # a generic word: scores, but does not count for the tiers


@dataclass(frozen=True)
class ParsedQuery:
    raw: str
    phrase: str  # the whole query, `compact`: normalized, no punctuation, no spaces between Chinese
    words: tuple[Word, ...]

    @property
    def counted(self) -> tuple[Word, ...]:
        """The words the tiers count: all but the generic ones (all, if all are generic)."""
        strong = tuple(w for w in self.words if not w.weak)
        return strong or self.words

    @property
    def minimum_match(self) -> int:
        return minimum_match(len(self.counted))

    def domain_words(self) -> list[str]:
        """What may be (part of) a domain's name: the phrase, and each counted word as a
        single token or one of its synonyms."""
        found = {self.phrase} if self.phrase else set()
        for word in self.counted:
            found.update(t.parts[0] for t in word.terms if len(t.parts) == 1)
        return sorted(found)

    def highlight_terms(self) -> list[str]:
        """Every text a hit may show for this query, longest first."""
        found = {self.phrase} if self.phrase else set()
        for word in self.words:
            for term in word.terms:
                found.add(term.text)
                found.update(term.parts)
        return sorted((t for t in found if t), key=len, reverse=True)


def _weak(token: str) -> bool:
    return token in WEAK_WORDS or bool(_GENERIC.fullmatch(token))


def minimum_match(count: int) -> int:
    return max(1, math.ceil(count / 2)) if count else 0


def phrase_of(query: str, normalized: str | None = None) -> str:
    """`normalized`: `text.normalize(query)`, when the caller has it already."""
    if normalized is None:
        normalized = text.normalize(query)
    phrase = _SPACE_BETWEEN_CJK.sub("", normalized.strip())
    return _SPACES.sub(" ", phrase)


def compact(value: str, normalized: str | None = None) -> str:
    """`phrase_of` without punctuation: the form in which a query is compared with titles,
    names and domain names, so quotes and brackets neither prevent nor make a match
    (家门口服务站 is in 金杨新村街道“家门口”服务站…; 沪社服发[2021]5号 = 沪社服发〔2021〕5号).
    `normalized`: `text.normalize(value)`, when the caller has it already."""
    if normalized is None:
        normalized = text.normalize(value or "")
    return _compacted(normalized)


@functools.lru_cache(maxsize=8192)  # the index compacts the same domain names over and over
def _compacted(normalized: str) -> str:
    bare = _PUNCTUATION.sub(" ", normalized)
    return _SPACES.sub(" ", _SPACE_BY_CJK.sub("", bare)).strip()


def _is_word(token: str) -> bool:
    return bool(token.strip()) and bool(re.search(r"\w", token))


def _sub_words(word: str) -> tuple[str, ...]:
    """jieba's sub-words of a word; lone characters left out when longer parts cover at
    least half of it (自闭证 → 自闭, not 自闭 + 证: a stray character matches anything)."""
    parts = [p for p in rjieba.cut_for_search(word) if p != word and _is_word(p)]
    longer = [p for p in parts if len(p) > 1]
    if longer and len(longer) < len(parts) and 2 * len("".join(set(longer))) >= len(word):
        parts = longer
    return tuple(dict.fromkeys(parts))


def _as_terms(word: str, synonym: bool = False, own: bool = True) -> list[Term]:
    """The word as one token, or as all its sub-words (how jieba may have indexed it).

    Generic sub-words (服务, 社区 …) are not required next to a distinctive one: nearly
    every document has them, so 上门 + 服务 finds what 上门 finds, and each is a document
    list that FTS5's bm25() reads through on every query.
    """
    terms = [Term((word,), synonym, own)]
    parts = _sub_words(word)
    enough = len(parts) > 1 or (parts and 2 * len(parts[0]) >= len(word))
    if synonym and parts:
        # A synonym stands for itself only: its sub-words must cover all of it (找工作 is
        # not 工作, 小朋友 not 朋友), and none may be a single character.
        enough = set("".join(parts)) >= set(word) and min(len(p) for p in parts) >= 2
    if enough:
        distinctive = tuple(p for p in parts if not _weak(p))
        if distinctive and len(distinctive) < len(parts):
            parts = distinctive
        terms.append(Term(parts, synonym, own))
    return terms


def _everyday(word: str, groups: dict) -> bool:
    """An everyday word of the dictionary: in a group, and no group's official term."""
    return word in groups and word not in getattr(groups, "official", ())


def _terms(word: str, groups: dict) -> tuple[Term, ...]:
    terms = _as_terms(word)
    own = _everyday(word, groups)
    for other in groups.get(word, ()):
        if other != word:
            terms.extend(_as_terms(other, synonym=True, own=own))
    if word not in groups:
        # A dictionary word inside a longer word (孤寡老人): the other sub-words
        # with each synonym in its place (孤寡 + 长者).
        parts = _sub_words(word)
        for index, part in enumerate(parts):
            rest = tuple(p for j, p in enumerate(parts) if j != index and not set(p) & set(part))
            own = _everyday(part, groups)
            for other in groups.get(part, ()):
                if other != part:
                    terms.append(Term((*rest, other), synonym=True, own=own))
    return tuple(dict.fromkeys(terms))


def _glue_single_characters(tokens: list[tuple[str, bool]]) -> list[str]:
    """Join each lone Chinese character to the word it touches (the previous, else the next).

    `tokens` are (token, touches the previous token) pairs; stop words and
    punctuation were removed and break contact.
    """
    words: list[str] = []
    carry = ""
    for token, touching in tokens:
        single = len(token) == 1 and bool(_CJK.match(token))
        if single and words and touching and not carry and words[-1][-1].isalnum():
            words[-1] += token
        elif single and not carry:
            carry = token
        elif carry and touching:
            words.append(carry + token)
            carry = ""
        else:
            if carry:
                words.append(carry)
                carry = ""
            if single:
                carry = token
            else:
                words.append(token)
    if carry:
        words.append(carry)
    return words


# Parsed queries kept per dictionary (`synonyms.Groups.parsed`); emptied when full.
PARSE_CACHE_SIZE = 4096


def parse(query: str | None, groups: dict | None = None) -> ParsedQuery:
    """The query as words with their alternatives; `groups` defaults to the live dictionary.

    The result depends only on the text and the dictionary, so it is kept with the
    dictionary (a `synonyms.Groups`): a query asked again is not cut and expanded again.
    """
    if groups is None:
        groups = synonyms.groups()
    cache = getattr(groups, "parsed", None)
    if cache is not None:
        found = cache.get(query or "")
        if found is not None:
            return found
    parsed = _parse(query, groups)
    if cache is not None:
        if len(cache) >= PARSE_CACHE_SIZE:
            cache.clear()
        cache[query or ""] = parsed
    return parsed


def _parse(query: str | None, groups: dict) -> ParsedQuery:
    normalized = text.normalize(query or "")
    phrase = compact(query or "")
    raw = [t for t in rjieba.cut(normalized) if t]
    all_words = [t for t in raw if _is_word(t)]
    # Tokens with contact information (a space or punctuation between two tokens breaks it);
    # consecutive tokens that together are a dictionary entry become one.
    tokens: list[tuple[str, bool]] = []
    touching = False
    index = 0
    while index < len(raw):
        span = next(
            (
                n
                for n in (4, 3, 2)
                if index + n <= len(raw) and "".join(raw[index : index + n]) in groups
            ),
            1,
        )
        token = "".join(raw[index : index + span])
        index += span
        if not _is_word(token) or token in STOP_WORDS:
            touching = False
            continue
        tokens.append((token, touching))
        touching = True
    kept = _glue_single_characters(tokens) or all_words
    words = []
    for token in dict.fromkeys(kept):
        parts = _sub_words(token)
        # A word made of generic words only (街道社区, 服务项目) is generic too.
        weak = _weak(token) or (len(parts) > 1 and all(_weak(p) for p in parts))
        words.append(Word(token, _terms(token, groups), weak))
        if len(words) >= MAX_WORDS:
            break
    return ParsedQuery(raw=query or "", phrase=phrase, words=tuple(words))


def has_cjk(value: str) -> bool:
    return bool(_CJK.search(value))
