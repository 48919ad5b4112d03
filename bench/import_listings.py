"""Benchmark: bulk import of a generated supply-listing .xlsx against a bare openpyxl pass.

    .venv/bin/python bench/import_listings.py [--quick] [--rows N]

Generates an N-row (100,000; --quick 5,000) supply-listing workbook with the
import template's headers, then, each in a fresh process:
  1. the baseline: a bare openpyxl read-only pass touching every cell;
  2. the import: `catalog.importing.import_file` (validation, checks, bulk insert
     in one transaction) with the same file.
Times: CPU time of each process (time.process_time), and wall-clock.
Memory: peak resident set size of the import process (resource.getrusage
ru_maxrss of that child process: the whole process, Django included), and the
growth over the process's size just before the import started.
"""

import argparse
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time

from _setup import django_setup, result_line


def build_file(path: str, rows: int) -> None:
    from openpyxl import Workbook

    from catalog.demo import make_credit_code
    from catalog.importing import SPECS
    from catalog.models import District, Provider, ServiceDomain

    huangpu = District.objects.get(name="黄浦区")
    providers = [
        Provider(
            name=f"上海基准测试社会工作服务中心{n}",
            credit_code=make_credit_code("52", huangpu.code, 800000 + n),
            district=huangpu,
        )
        for n in range(200)
    ]
    Provider.objects.bulk_create(providers)
    codes = [p.credit_code for p in providers]
    domains = list(ServiceDomain.objects.classifiable().values_list("code", flat=True))
    districts = list(District.objects.values_list("name", flat=True))
    rng = random.Random(7)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([column.header for column in SPECS["supply"].columns])
    for n in range(rows):
        purchased = n % 2 == 0
        sheet.append(
            [
                codes[n % len(codes)],
                f"社区综合服务项目第{n}号",
                rng.choice(domains),
                2020 + n % 7,
                "为社区居民提供专业、持续的公益服务，覆盖助老、助残、青少年等领域。",
                "社区居民",
                rng.choice(districts),
                "社区活动中心",
                "2025-01-01",
                "2025-12-31",
                "王老师",
                "021-63210000",
                "contact@example.org",
                "是" if purchased else "否",
                "黄浦区南京东路街道办事处" if purchased else "",
                200000 if purchased else "",
                180000 if purchased else "",
                150000 if purchased else "",
                "服务居民两千余人次" if purchased else "",
                "发布",
            ]
        )
    workbook.save(path)


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def openpyxl_pass(path: str, queue) -> None:
    from openpyxl import load_workbook

    start, cpu = time.perf_counter(), time.process_time()
    workbook = load_workbook(path, read_only=True, data_only=True)
    cells = 0
    for row in workbook.worksheets[0].iter_rows(values_only=True):
        for _value in row:
            cells += 1
    workbook.close()
    queue.put(
        {
            "seconds": time.perf_counter() - start,
            "cpu": time.process_time() - cpu,
            "cells": cells,
            "peak_mb": maxrss_mb(),
        }
    )


def import_pass(db_path: str, path: str, queue) -> None:
    django_setup(migrate=False, keep_db=db_path)
    from django.db import connection

    from catalog.importing import import_file
    from catalog.models import SupplyListing
    from catalog.signals import listings_imported

    # After commit the importer announces each batch; in production the receivers
    # (monitoring's set-wise scan, search indexing) only enqueue Celery tasks for the
    # worker. Without a broker here they would run eagerly inside this process, so
    # they are replaced by a receiver that just counts what would be enqueued.
    announced = []
    listings_imported.receivers = []
    listings_imported.sender_receivers_cache.clear()
    listings_imported.connect(lambda sender, pks, **kwargs: announced.append(len(pks)), weak=False)
    connection.ensure_connection()
    before_mb = maxrss_mb()
    start, cpu = time.perf_counter(), time.process_time()
    with open(path, "rb") as handle:
        handle.size = os.path.getsize(path)
        report = import_file("supply", handle, "listings.xlsx")
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    queue.put(
        {
            "seconds": seconds,
            "cpu": cpu,
            "created": report.created,
            "announced": sum(announced),
            "problems": [str(p) for p in report.problems[:5]],
            "count": SupplyListing.objects.count(),
            "before_mb": before_mb,
            "peak_mb": maxrss_mb(),
        }
    )


def in_child(target, *args) -> dict:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--rows", type=int)
    args = parser.parse_args()
    rows = args.rows or (5_000 if args.quick else 100_000)

    db_path = django_setup()
    if not db_path:
        sys.exit("This benchmark uses its own SQLite file; unset DATABASE_URL.")
    path = os.path.join(tempfile.mkdtemp(prefix="gxpt-import-"), "listings.xlsx")
    start = time.perf_counter()
    build_file(path, rows)
    print(f"generated {rows} rows in {time.perf_counter() - start:.1f}s: {path}")
    print(f"file size: {os.path.getsize(path) / 1e6:.1f} MB")

    baseline = in_child(openpyxl_pass, path)
    print(
        f"bare openpyxl read-only pass: {baseline['seconds']:.2f}s wall, "
        f"{baseline['cpu']:.2f}s CPU ({baseline['cells']} cells)"
    )
    result = in_child(import_pass, db_path, path)
    if result["problems"] or result["count"] != rows:
        sys.exit(f"import failed: {result}")
    ratio = result["cpu"] / baseline["cpu"]
    wall_ratio = result["seconds"] / baseline["seconds"]
    print(
        f"import: {result['seconds']:.2f}s wall, {result['cpu']:.2f}s CPU, "
        f"{result['created']} listings created "
        f"({result['announced']} announced to listings_imported receivers, run by the worker)"
    )
    # CPU time of each process is the primary figure: on a shared machine the
    # wall-clock of two runs minutes apart depends on what else is running.
    print(f"ratio import / openpyxl pass: {ratio:.2f} CPU, {wall_ratio:.2f} wall (target <= 3)")
    print(
        f"peak RSS of the import process: {result['peak_mb']:.0f} MB "
        f"(grew {result['peak_mb'] - result['before_mb']:.0f} MB over {result['before_mb']:.0f} MB "
        "after Django start-up; target < 400 MB)"
    )
    print(
        result_line(
            rows=rows,
            seconds=result["cpu"],
            openpyxl_seconds=baseline["cpu"],
            ratio=ratio,
            peak_mb=result["peak_mb"],
            wall_seconds=result["seconds"],
            openpyxl_wall_seconds=baseline["seconds"],
            wall_ratio=wall_ratio,
        )
    )


if __name__ == "__main__":
    main()
