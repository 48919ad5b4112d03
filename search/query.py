"""The query model, written once: what a query means, whichever backend answers it.

`parse()` turns what a visitor typed into a `ParsedQuery`; `backends/fts5.py`
translates it to an SQLite FTS5 query and `backends/elastic_query.py` to the
Elasticsearch DSL. Both keep the same rules:

1. Text is normalized (`text.normalize`: half-width, simplified, lower case) and
   cut into words by jieba. Punctuation and a few function words (的, 和 …) are
   not words; a query of nothing else keeps them.
2. Each word is a *group* of terms, any of which matches it: the word itself;
   its jieba sub-words all together (心理咨询服务 matches 心理 + 咨询 + 服务);
   and, from the lay-term dictionary (`search.synonyms`), every other term of
   its group (老年人 matches 老人, 长者, 老年 …). A sub-word found in the
   dictionary is replaced the same way (孤寡老人 → 孤寡 + 长者 …).
   Consecutive words that together are a dictionary entry are one word, and a
   single Chinese character is joined to the word next to it (认知症 is cut
   认知 / 症: one word 认知症), so no backend has to match a lone character.
3. Ranking is in tiers: every document that matches all words comes before any
   document that matches fewer; a partial match needs at least
   `minimum_match()` of the words (half of them, rounded up). Generic words
   (`WEAK_WORDS`, bare numbers) score but are not counted. Among equal
   coverage, words matched by their own terms count before words matched only
   through a synonym (`LITERAL`). Inside a tier,
   BM25 over the fields weighted by `FIELD_WEIGHTS`, plus `PHRASE_IN_TITLE`
   when the whole query is in the title, `PHRASE_IN_NAMES` when it is in an
   organization name, and `EXACT_TITLE` / `EXACT_NAME` when the title or a name
   is the query.
4. If nothing matches at all, `search.spelling` corrects words of one wrong
   character from the index's own words (titles, names, domain terms, places)
   and the corrected query is run instead; the results say so.
"""

import math
import re
from dataclasses import dataclass

import rjieba

from . import text

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
PHRASE_IN_NAMES = 300.0
# Score given per matched word: larger than any relevance score, so the number of
# matched words decides first; then per word matched by its own terms rather than
# only by a synonym (the literal word first, its synonyms after).
TIER = 1_000_000.0
LITERAL = 10_000.0

MAX_WORDS = 12
# Words nearly every listing has (服务, 项目, 运营, 社区 …) and bare numbers (a year): they
# add to the score but do not count for the tiers, so 「七宝镇 心理 疏导站 委托 运营」 ranks by
# the distinctive words. A query of nothing else counts them.
WEAK_WORDS = frozenset(
    "服务 项目 运营 管理 工作 活动 开展 提供 委托 购买 社区 街道 中心 服务中心 服务站 "
    "服务社 年度 计划 工程 实施 建设 推进 专项 综合 相关 内容 机构 组织 上海 上海市 "
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


@dataclass(frozen=True)
class Term:
    """One way to match a word: `parts` all present (a single part: that token)."""

    parts: tuple[str, ...]
    synonym: bool = False

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
    phrase: str  # the whole query, normalized, spaces between Chinese characters removed
    words: tuple[Word, ...]

    @property
    def counted(self) -> tuple[Word, ...]:
        """The words the tiers count: all but the generic ones (all, if all are generic)."""
        strong = tuple(w for w in self.words if not w.weak)
        return strong or self.words

    @property
    def minimum_match(self) -> int:
        return minimum_match(len(self.counted))

    def highlight_terms(self) -> list[str]:
        """Every text a hit may show for this query, longest first."""
        found = {self.phrase} if self.phrase else set()
        for word in self.words:
            for term in word.terms:
                found.add(term.text)
                found.update(term.parts)
        return sorted((t for t in found if t), key=len, reverse=True)


def minimum_match(count: int) -> int:
    return max(1, math.ceil(count / 2)) if count else 0


def phrase_of(query: str) -> str:
    phrase = _SPACE_BETWEEN_CJK.sub("", text.normalize(query).strip())
    return _SPACES.sub(" ", phrase)


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


def _as_terms(word: str, synonym: bool = False) -> list[Term]:
    """The word as one token, or as all its sub-words (how jieba may have indexed it)."""
    terms = [Term((word,), synonym)]
    parts = _sub_words(word)
    # A synonym jieba can only cut into single characters would match too loosely.
    enough = len(parts) > 1 or (parts and 2 * len(parts[0]) >= len(word))
    if enough and not (synonym and min(len(p) for p in parts) < 2):
        terms.append(Term(parts, synonym))
    return terms


def _terms(word: str, groups: dict) -> tuple[Term, ...]:
    terms = _as_terms(word)
    for other in groups.get(word, ()):
        if other != word:
            terms.extend(_as_terms(other, synonym=True))
    if word not in groups:
        # A dictionary word inside a longer word (孤寡老人): the other sub-words
        # with each synonym in its place (孤寡 + 长者).
        parts = _sub_words(word)
        for index, part in enumerate(parts):
            rest = tuple(p for j, p in enumerate(parts) if j != index and not set(p) & set(part))
            for other in groups.get(part, ()):
                if other != part:
                    terms.append(Term((*rest, other), synonym=True))
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


def parse(query: str | None, groups: dict | None = None) -> ParsedQuery:
    """The query as words with their alternatives; `groups` defaults to the live dictionary."""
    if groups is None:
        from . import synonyms

        groups = synonyms.groups()
    normalized = text.normalize(query or "")
    phrase = phrase_of(query or "")
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
        weak = token in WEAK_WORDS or bool(_GENERIC.fullmatch(token))
        words.append(Word(token, _terms(token, groups), weak))
        if len(words) >= MAX_WORDS:
            break
    return ParsedQuery(raw=query or "", phrase=phrase, words=tuple(words))


def has_cjk(value: str) -> bool:
    return bool(_CJK.search(value))
