"""The document types: each app describes its public records in its own `documents.py`.

A document type names a kind (``demand``, ``policy`` …), the model, the queryset
of what the public may see, and how one record becomes a search document (a
plain dict, the same for both backends, see `Document`). `search` discovers the
`documents` modules at start-up and keeps the index in step through signals.

The apps also register here what search must not look up itself: the display
names of facet values (`register_facet_labels`: domain codes → names, status
values → labels) and the pages whose publishing, unpublishing or moving changes
other documents (`register_container`: a directory year page and its entries).
Search imports no app: it knows only what is registered.
"""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypedDict

from django.db import models


class Document(TypedDict, total=False):
    """What both backends index. Text fields hold the display text (normalized at indexing)."""

    key: str  # "<kind>:<pk>"
    kind: str
    title: str
    names: list[str]  # organizations: provider, purchaser, issuing body
    body: str
    domains: list[str]  # service-domain names, first and second level (searchable text)
    places: list[str]  # district and street names (searchable text)
    domain1: str  # first-level service-domain code, e.g. "6"
    domain2: str  # second-level code, e.g. "6.1"
    district: str  # district name, e.g. "黄浦区"
    year: int | None
    status: str
    date: str | None  # ISO date, for "newest first"
    url: str


@dataclass(eq=False)  # hashable by identity: one object per kind
class DocumentType:
    kind: str
    label: str
    model: type[models.Model]
    public: Callable[[], models.QuerySet]  # what visitors may see, ready for to_document
    to_document: Callable[[models.Model], Document]
    weight: int = 10  # suggestions: higher first
    # Keys of other documents that show this record (a provider's name on its listings).
    dependents: Callable[[models.Model], Iterable[str]] = field(default=lambda instance: ())

    def key(self, pk) -> str:
        return f"{self.kind}:{pk}"

    def document(self, instance) -> Document:
        doc = self.to_document(instance)
        doc["key"] = self.key(instance.pk)
        doc["kind"] = self.kind
        return doc

    def documents(self, chunk_size: int = 2000) -> Iterator[Document]:
        for instance in self.public().iterator(chunk_size=chunk_size):
            yield self.document(instance)


_types: dict[str, DocumentType] = {}


def register(doc_type: DocumentType) -> DocumentType:
    _types[doc_type.kind] = doc_type
    return doc_type


def types() -> list[DocumentType]:
    return list(_types.values())


def get(kind: str) -> DocumentType | None:
    return _types.get(kind)


def for_model(model) -> list[DocumentType]:
    return [t for t in _types.values() if t.model is model]


def parse_key(key: str) -> tuple[DocumentType | None, str]:
    kind, _sep, pk = key.partition(":")
    return _types.get(kind), pk


def kind_labels() -> dict[str, str]:
    return {t.kind: str(t.label) for t in _types.values()}


# -- facet labels ------------------------------------------------------------------

LabelProvider = Callable[[set[str]], dict[str, str]]
_labels: list[tuple[tuple[str, ...], LabelProvider]] = []


def register_facet_labels(facets: tuple[str, ...], provider: LabelProvider) -> None:
    """`provider(values)` returns {value: display name} for those facets (one call per search)."""
    _labels.append((tuple(facets), provider))


def facet_labels(values: dict[str, set[str]]) -> dict[str, dict[str, str]]:
    """Display names of the given facet values, from what the apps registered."""
    labels: dict[str, dict[str, str]] = {name: {} for name in values}
    labels["kind"] = kind_labels()
    for facets, provider in _labels:
        wanted = set().union(*(values.get(name, set()) for name in facets))
        if not wanted:
            continue
        found = provider(wanted)
        for name in facets:
            labels.setdefault(name, {}).update(
                {v: found[v] for v in values.get(name, set()) if v in found}
            )
    return labels


# -- pages that carry other documents ---------------------------------------------

_containers: dict[type, Callable[[models.Model], Iterable[str]]] = {}


def register_container(page_model, keys: Callable[[models.Model], Iterable[str]]) -> None:
    """Publishing, unpublishing or moving such a page re-indexes `keys(page)`."""
    _containers[page_model] = keys


def containers() -> dict[type, Callable[[models.Model], Iterable[str]]]:
    return dict(_containers)


def all_documents() -> Iterator[Document]:
    for doc_type in types():
        yield from doc_type.documents()


def iso_date(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.isoformat()
