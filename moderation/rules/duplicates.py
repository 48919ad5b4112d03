"""The same project posted twice: near-duplicate title and body by the same publisher in the same year.

Similarity is the Jaccard index of character bigram sets (shingles) of the
normalized title and of the normalized summary: Chinese has no spaces, so
character shingles are the usual unit. Candidates are blocked by publisher and
year (a yearly project posted again next year is not a duplicate), and inside a
block a size filter skips pairs that cannot reach the threshold (|A|/|B| < t
implies J(A, B) < t), so the run stays linear in practice. A library such as
datasketch (MinHash LSH) would pull numpy/scipy in for blocks that here hold a
few dozen listings; exact Jaccard on them is cheaper and has no false negatives.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from catalog import checks
from catalog.checks import register

from . import DUPLICATE
from ._util import finding, kind

TITLE_THRESHOLD = 0.7
BODY_THRESHOLD = 0.7
_NOISE = re.compile(r"[\W_]+", re.UNICODE)


def normalize(text: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", text or "").lower())


def shingles(text: str, size: int = 2) -> frozenset:
    text = normalize(text)
    if len(text) <= size:
        return frozenset([text]) if text else frozenset()
    return frozenset(text[i : i + size] for i in range(len(text) - size + 1))


def jaccard(a: frozenset, b: frozenset) -> float:
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


@dataclass
class Doc:
    pk: int
    title: str
    title_shingles: frozenset
    body_shingles: frozenset

    @classmethod
    def of(cls, pk, title, summary):
        return cls(pk, title, shingles(title), shingles(summary))


def similar(a: Doc, b: Doc) -> bool:
    return (
        jaccard(a.title_shingles, b.title_shingles) >= TITLE_THRESHOLD
        and jaccard(a.body_shingles, b.body_shingles) >= BODY_THRESHOLD
    )


def duplicate_pairs(docs: Iterable[Doc]) -> list[tuple[Doc, Doc]]:
    """(earlier, later) pairs of near-duplicates among one publisher's listings of one year."""
    ordered = sorted(docs, key=lambda d: len(d.body_shingles))
    pairs = []
    for i, a in enumerate(ordered):
        limit = len(a.body_shingles) / BODY_THRESHOLD
        for b in ordered[i + 1 :]:
            if len(b.body_shingles) > limit:
                break  # size filter: no later one can be similar enough
            if similar(a, b):
                pairs.append((a, b) if a.pk < b.pk else (b, a))
    return pairs


def duplicate_finding(original_pk: int, original_title: str):
    return finding(
        DUPLICATE,
        _("与本单位同年度发布的《%(title)s》（编号%(pk)d）标题和内容高度相似，疑似重复发布。")
        % {"title": original_title, "pk": original_pk},
        "title",
        original_title,
        key=f"dup:{original_pk}",
        original=original_pk,
    )


def publisher_field(model) -> str:
    return "provider_id" if model.__name__ == "SupplyListing" else "purchaser_id"


@register
def same_project_posted_twice(instance) -> list:
    """While editing: compare with the publisher's other listings of the year (one query).

    Not in a bulk import (no query per row there): the import's set-wise run does it.
    """
    if kind(instance) not in ("SupplyListing", "DemandListing") or checks.in_bulk():
        return []
    field = publisher_field(type(instance))
    publisher_id = getattr(instance, field)
    if not publisher_id or not instance.year:
        return []
    others = type(instance).objects.filter(**{field: publisher_id, "year": instance.year})
    if instance.pk:
        others = others.exclude(pk=instance.pk)
    if kind(instance) == "DemandListing":
        others = others.exclude(status="cancelled")
    me = Doc.of(instance.pk or 0, instance.title, instance.summary)
    findings = []
    for pk, title, summary in others.values_list("pk", "title", "summary"):
        other = Doc.of(pk, title, summary)
        # The later one is the duplicate; an unsaved listing is always the later one.
        if similar(me, other) and (not instance.pk or pk < instance.pk):
            findings.append(duplicate_finding(pk, title))
    return findings
