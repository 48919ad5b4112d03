"""Keeping the indexes in step with the records: the public entry points for other apps.

`reindex_later(instance)` / `remove_later(instance)` record the work durably
(a `PendingIndex` row in the caller's transaction: search's kind of outbox entry)
and enqueue the Celery task after commit through `outbox.dispatch.send`. A broker
outage only delays the work: the outbox's periodic retry runs
`search.retry_pending`, which picks up every row left behind. Call them whenever a
record's public visibility or public fields change outside a normal save (e.g.
a queryset `update()` that hides a listing).
"""

import logging
import threading

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from outbox.dispatch import send

from . import registry
from .backends import SearchUnavailable, write_backends
from .models import PendingIndex
from .signals import results_changed

logger = logging.getLogger(__name__)
BATCH = 500
_buffer = threading.local()


def _keys(instance) -> list[str]:
    keys = []
    for doc_type in registry.for_model(type(instance)):
        keys.append(doc_type.key(instance.pk))
        keys.extend(doc_type.dependents(instance))
    return keys


def request(keys: list[str]) -> None:
    """Record the keys as pending and enqueue their indexing once the transaction commits."""
    if not keys:
        return
    for key in keys:
        # update_or_create refreshes requested_at, which tells a running task
        # that the record changed again after it read it.
        PendingIndex.objects.update_or_create(key=key, defaults={})
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _enqueue(keys)
        return
    # One task per transaction, not one per saved record (an import saves thousands).
    outermost = connection.atomic_blocks[0] if connection.atomic_blocks else None
    buffer = getattr(_buffer, "pending", None)
    # A new transaction, or a savepoint rollback that discarded our callback: register again.
    if (
        buffer is None
        or buffer[0] is not outermost
        or not any(item[1] is _flush for item in connection.run_on_commit)
    ):
        buffer = _buffer.pending = (outermost, [])
        transaction.on_commit(_flush)
    buffer[1].extend(keys)


def _flush() -> None:
    buffer = getattr(_buffer, "pending", None)
    _buffer.pending = None
    if buffer:
        keys = list(dict.fromkeys(buffer[1]))
        for start in range(0, len(keys), BATCH):
            _enqueue(keys[start : start + BATCH])


def _enqueue(keys: list[str]) -> None:

    # The rows stay pending if the broker is down (send fails fast and never raises);
    # the outbox's periodic retry runs this app's retry_pending.
    send("search.index_documents", keys)


def request_bulk(keys: list[str]) -> None:
    """`request` for many new records at once (a bulk import): one INSERT per 500 keys."""
    if not keys:
        return
    PendingIndex.objects.bulk_create(
        [PendingIndex(key=key) for key in keys], batch_size=BATCH, ignore_conflicts=True
    )
    transaction.on_commit(
        lambda: [_enqueue(keys[i : i + BATCH]) for i in range(0, len(keys), BATCH)]
    )


def reindex_later(instance) -> None:
    """Index the record again (or remove it, if it is no longer public) after commit."""
    request(_keys(instance))


def remove_later(instance) -> None:
    """Remove the record from the indexes after commit (the task checks it is gone or private)."""
    request(_keys(instance))


def process(keys: list[str]) -> int:
    """Apply pending work now; returns how many keys were done. Rows that fail stay pending."""
    rows = {row.key: row for row in PendingIndex.objects.filter(key__in=keys)}
    if not rows:
        return 0
    to_index, to_delete = [], []
    by_type: dict = {}
    for key in rows:
        doc_type, pk = registry.parse_key(key)
        if doc_type is None:
            to_delete.append(key)
        else:
            by_type.setdefault(doc_type, []).append(pk)
    for doc_type, pks in by_type.items():
        found = {str(obj.pk): obj for obj in doc_type.public().filter(pk__in=pks)}
        for pk in pks:
            if pk in found:
                to_index.append(doc_type.document(found[pk]))
            else:
                to_delete.append(doc_type.key(pk))
    errors = []
    for backend in write_backends():
        try:
            if to_index:
                backend.index(to_index)
            if to_delete:
                backend.delete(to_delete)
        except SearchUnavailable as exc:
            errors.append(f"{backend.name}: {exc}")
    if errors:
        logger.warning("Indexing failed, will retry: %s", errors)
        for row in rows.values():
            PendingIndex.objects.filter(pk=row.pk).update(
                attempts=row.attempts + 1, last_error="\n".join(errors)[:2000]
            )
        return 0
    done = 0
    for row in rows.values():
        # Only if unchanged since read: a newer change keeps its row for the next task.
        done += PendingIndex.objects.filter(pk=row.pk, requested_at=row.requested_at).delete()[0]
    results_changed.send(sender=process, keys=list(rows))
    return done


def _on_save(sender, instance, raw=False, **kwargs):
    if not raw:
        reindex_later(instance)


def _on_delete(sender, instance, **kwargs):
    remove_later(instance)


def _on_page_change(sender, instance, **kwargs):
    reindex_later(instance.specific if hasattr(instance, "specific") else instance)


def _on_container_change(sender, instance, **kwargs):
    keys = registry.containers().get(sender)
    if keys is not None:
        request(list(keys(instance)))


def _on_page_move(sender, instance, url_path_before=None, url_path_after=None, **kwargs):
    """A moved page and everything under it have new URLs: re-index them all."""
    if url_path_before == url_path_after:
        return  # a reorder among siblings changes no URL
    request(keys_under(instance))


def keys_under(page) -> list[str]:
    """The documents of a page and its descendants (pages indexed themselves, or containers)."""

    rows = Page.objects.descendant_of(page, inclusive=True).values_list("pk", "content_type")
    by_model: dict = {}
    for pk, content_type in rows:
        model = ContentType.objects.get_for_id(content_type).model_class()
        by_model.setdefault(model, []).append(pk)
    containers = registry.containers()
    keys: list[str] = []
    for model, pks in by_model.items():
        for doc_type in registry.for_model(model):
            keys.extend(doc_type.key(pk) for pk in pks)
        if model in containers:
            for container in model.objects.filter(pk__in=pks):
                keys.extend(containers[model](container))
    return keys


def connect_signals() -> None:
    """Search owns the wiring: model saves and deletes, page publish, unpublish and move."""

    for doc_type in registry.types():
        uid = f"search-{doc_type.kind}"
        # Pages are indexed on publish and unpublish, never on a draft save.
        if not issubclass(doc_type.model, Page):
            post_save.connect(_on_save, sender=doc_type.model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_on_delete, sender=doc_type.model, dispatch_uid=f"{uid}-delete")
        page_published.connect(_on_page_change, sender=doc_type.model, dispatch_uid=f"{uid}-pub")
        page_unpublished.connect(
            _on_page_change, sender=doc_type.model, dispatch_uid=f"{uid}-unpub"
        )
    for model in registry.containers():
        uid = f"search-container-{model._meta.label_lower}"
        page_published.connect(_on_container_change, sender=model, dispatch_uid=f"{uid}-pub")
        page_unpublished.connect(_on_container_change, sender=model, dispatch_uid=f"{uid}-unpub")
    # Any page may be moved with documents under it (a policy index page and its policies).
    post_page_move.connect(_on_page_move, dispatch_uid="search-page-move")
