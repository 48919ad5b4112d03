"""Demo data of search: none of its own; it leaves the embedded index built from the demo records.

Last in DEMO_LOADERS, after every app has loaded its records. Idempotent: the
rebuild produces the same index from the same records.
"""

from . import registry
from .backends import SearchUnavailable, write_backends
from .models import PendingIndex


def load(stdout=None) -> dict:
    counts = {}
    for backend in write_backends():
        try:
            counts[backend.name] = backend.rebuild(registry.all_documents())
        except SearchUnavailable as exc:
            if stdout is not None:
                stdout.write(f"search: {backend.name} unavailable, not rebuilt: {exc}")
    # The rebuild indexed every record as it is now: nothing is pending any more.
    PendingIndex.objects.all().delete()
    return {f"{name} documents": n for name, n in counts.items()}
