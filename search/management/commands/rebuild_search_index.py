"""Rebuild the search index from the records: a new index filled in bulk, then swapped in atomically."""

import time

from django.core.management.base import BaseCommand, CommandError

from search import registry
from search.backends import SearchUnavailable, get_backend, write_backends
from search.backends.embedded import EmbeddedBackend
from search.signals import results_changed
from search.tasks import retry_pending


class Command(BaseCommand):
    help = "重建全文检索索引（新索引建好后原子切换）/ Rebuild the search index (atomic alias swap)"

    def add_arguments(self, parser):
        parser.add_argument(
            "--backend",
            choices=["all", "configured", "embedded"],
            default="all",
            help="all: every index a change goes to (default); configured: the serving one only",
        )

    def handle(self, *args, backend="all", **options):
        if backend == "embedded":
            backends = [EmbeddedBackend()]
        elif backend == "configured":
            backends = [get_backend()]
        else:
            backends = write_backends()
        for target in backends:
            start = time.perf_counter()
            try:
                count = target.rebuild(registry.all_documents())
            except SearchUnavailable as exc:
                raise CommandError(f"检索服务不可用，索引未重建：{exc}") from exc
            elapsed = time.perf_counter() - start
            self.stdout.write(f"{target.name}: {count} documents in {elapsed:.1f} s")
        results_changed.send(sender=Command)
        # Changes recorded while the rebuild read the records were applied to both indexes;
        # anything still pending (a failed enqueue) is applied now.
        retry_pending.apply(kwargs={"older_than_seconds": 0})
