"""Shared set-up for the benchmark scripts: Django on a throw-away SQLite file (or DATABASE_URL).

Usage at the top of a script:  from _setup import django_setup; django_setup()
"""

import os
import sys
import tempfile
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def django_setup(migrate: bool = True, keep_db: str | None = None) -> str:
    """Configure Django for a benchmark; returns the SQLite path used (if any)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gxpt.settings.test")
    path = ""
    if not os.environ.get("DATABASE_URL"):
        path = keep_db or os.path.join(tempfile.mkdtemp(prefix="gxpt-bench-"), "bench.sqlite3")
        os.environ["SQLITE_PATH"] = path
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
    return path


@contextmanager
def timed(results: dict, key: str):
    start = time.perf_counter()
    yield
    results[key] = time.perf_counter() - start


def peak_mb_of(fn, *args, **kwargs):
    """Run fn with tracemalloc; return (result, peak MB of Python allocations)."""
    tracemalloc.start()
    try:
        result = fn(*args, **kwargs)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak / 1e6


def median(values):
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def percentile(values, q: float):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def result_line(**figures) -> str:
    parts = []
    for key, value in figures.items():
        parts.append(f"{key}={value:.3f}" if isinstance(value, float) else f"{key}={value}")
    return "RESULT " + " ".join(parts)
