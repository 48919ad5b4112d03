"""The lay-term dictionary: groups of words that mean the same to a searcher.

Stored in `search.Synonym` (editable by city admins), seeded from the shipped
`data/synonyms.txt`. `groups()` is what `search.query` consults: every word,
normalized, mapped to all the words of the groups it belongs to. It is read
from the database at most every `CACHE_SECONDS` per process (and at once in
the process that saved an entry), so an edit takes effect within a minute
everywhere without a query per search. An edit also sends `results_changed`, which
purges the cached search answers; one rendered by another process in that minute
may keep the old dictionary until it expires (PAGE_CACHE_SEARCH_SECONDS).
"""

import re
import threading
import time
from pathlib import Path

from django.db import DatabaseError, transaction

from . import text
from .signals import results_changed

DATA_FILE = Path(__file__).parent / "data" / "synonyms.txt"
CACHE_SECONDS = 60
MAX_GROUP = 30
_SEPARATORS = re.compile(r"[\s,，、;；/|]+")
_lock = threading.Lock()
_cache: dict = {"at": 0.0, "groups": None}


def split_words(value: str) -> list[str]:
    words = [text.normalize(w).strip() for w in _SEPARATORS.split(value or "")]
    return list(dict.fromkeys(w for w in words if w))


def read_data_file(path: Path = DATA_FILE) -> list[tuple[str, list[str]]]:
    """The shipped groups: `term: variant variant …` per line, `#` comments."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or ":" not in line:
            continue
        term, _sep, variants = line.partition(":")
        entries.append((term.strip(), split_words(variants)))
    return entries


class Groups(dict):
    """word -> every word it may stand for; `official`: the groups' official terms (规范用语).

    `parsed`: `search.query.parse`'s results under this dictionary, by query text. It
    lives and dies with the dictionary it was computed from: an edit (or the reload
    every `CACHE_SECONDS`) builds a new `Groups` with an empty cache.
    """

    official: frozenset = frozenset()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parsed: dict = {}


def build_groups(entries) -> Groups:
    """word -> every word it may stand for (the union of the groups it is in)."""
    found: dict[str, dict[str, None]] = {}
    official = set()
    for term, variants in entries:
        heads = split_words(term)
        official.update(heads)
        words = list(dict.fromkeys([*heads, *variants]))
        for word in words:
            found.setdefault(word, {}).update(dict.fromkeys(words))
    groups = Groups((word, tuple(members)) for word, members in found.items())
    groups.official = frozenset(official)
    return groups


def _load() -> Groups:
    # Imported here: search.models imports this module.
    from .models import Synonym

    try:
        rows = list(Synonym.objects.filter(enabled=True).values_list("term", "variants"))
    except DatabaseError:  # before the first migrate: the shipped set
        return build_groups(read_data_file())
    return build_groups((term, split_words(variants)) for term, variants in rows)


def groups() -> Groups:
    now = time.monotonic()
    cached = _cache["groups"]
    if cached is not None and now - _cache["at"] < CACHE_SECONDS:
        return cached
    with _lock:
        loaded = _load()
        _cache.update(groups=loaded, at=time.monotonic())
    return loaded


def invalidate(**kwargs) -> None:
    """Reload the dictionary at the next query (this process now, the others within CACHE_SECONDS)."""
    _cache.update(groups=None, at=0.0)
    # Cached search answers go too (gxpt.pagecache), once the edit is committed.
    transaction.on_commit(lambda: results_changed.send(sender=invalidate), robust=True)


def ensure_shipped() -> int:
    """Seed an empty dictionary from the shipped file (a fresh database, or after a flush).

    Run after every migrate by gxpt's set-up, as the reference data are: the data
    migration seeded it once, and a flush (TransactionTestCase, live_server) empties it.
    A dictionary with any entry is left alone.
    """
    # Imported here: search.models imports this module.
    from .models import Synonym

    if Synonym.objects.exists():
        return 0
    created = Synonym.objects.bulk_create(
        Synonym(term=term, variants=" ".join(variants)) for term, variants in read_data_file()
    )
    invalidate()
    return len(created)
