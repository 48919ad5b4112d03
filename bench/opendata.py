"""Benchmark: the daily open-data build (opendata.downloads) over N demand listings.

    .venv/bin/python bench/opendata.py [--quick] [--listings N]

Builds the OCDS release package and the demand listings' CSV, XLSX and JSON files into the
default storage, as the daily task does, and prints for each the seconds, the queries and
the peak Python memory, with the ratio to a baseline measured in the same run: the same
rows read in one query and written as plain JSON lines (no mapping, no spreadsheet).
"""

import argparse
import json
import tempfile
import time

from _setup import django_setup, peak_mb_of, result_line


def baseline(out_path: str) -> int:
    # Imported here, as in every benchmark: Django is set up at run time (django_setup).
    from catalog.filters import public_listings
    from catalog.models import DemandListing

    rows = 0
    with open(out_path, "w") as out:
        for listing in public_listings(DemandListing).order_by("id").iterator(chunk_size=2000):
            out.write(json.dumps({"id": listing.pk, "title": listing.title}, ensure_ascii=False))
            rows += 1
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--listings", type=int)
    args = parser.parse_args()
    count = args.listings or (5_000 if args.quick else 100_000)
    django_setup()
    # Imported after django_setup(): models and settings need the configured project.
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from public_api import populate

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="gxpt-bench-media-")
    start = time.perf_counter()
    populate(count)
    print(f"created {count} demand listings in {time.perf_counter() - start:.1f}s")

    from opendata import downloads  # after django_setup(), as above

    start = time.perf_counter()
    rows = baseline(tempfile.mktemp(suffix=".jsonl"))
    base_seconds = time.perf_counter() - start
    print(f"baseline (one query, plain JSON lines): {rows} rows in {base_seconds:.2f}s")

    figures = {}
    for dataset in ("ocds", "demand"):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            manifest = downloads.build(dataset)
            seconds = time.perf_counter() - start
        _again, peak = peak_mb_of(downloads.build, dataset)  # traced separately: it slows the run
        for built in manifest["files"]:
            print(f"  {built['name']}: {built['rows']} rows, {built['size'] / 1e6:.1f} MB")
        print(
            f"{dataset}: {seconds:.2f}s, {len(queries)} queries, peak {peak:.1f} MB, "
            f"ratio to baseline {seconds / base_seconds:.1f}"
        )
        figures[f"{dataset}_seconds"] = seconds
        figures[f"{dataset}_queries"] = len(queries)
        figures[f"{dataset}_peak_mb"] = peak
    print(
        result_line(
            listings=count,
            rows=rows,
            baseline_seconds=base_seconds,
            **figures,
            ratio_ocds=figures["ocds_seconds"] / base_seconds,
        )
    )


if __name__ == "__main__":
    main()
