"""The bulk downloads (/open-data/): files regenerated daily and kept in Django's default storage.

Datasets, each built by its own task (`opendata.build_dataset`, enqueued daily by
`opendata.regenerate`, or all at once by `manage.py build_open_data`):

- `ocds`: every public demand listing with its award, contract and evaluation as one OCDS 1.1
  release package (opendata.ocds);
- `demand`, `supply`: the public listings as CSV, XLSX and JSON (fields: opendata.fields);
- `directory`: each published year of the recommended directory as CSV, XLSX and JSON.

Files are written to a temporary file first, then stored under OPENDATA_STORAGE_PREFIX with
fixed names (a stable URL per file); each dataset writes a small manifest next to them (what it
wrote, when, how many rows), which the download page reads. Rows are read in one query per
file, in id order, streamed (`iterator`), so memory does not grow with the rows.
"""

import json
import logging
import tempfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.utils import timezone

from catalog.filters import public_listings
from catalog.models import DemandListing, SupplyListing
from nominations.models import DirectoryEntry, DirectoryYearPage

from . import ocds
from .fields import DEMAND_FIELDS, DIRECTORY_FIELDS, SUPPLY_FIELDS
from .writers import WRITERS

logger = logging.getLogger(__name__)

TABLE_FORMATS = ("csv", "xlsx", "json")
DATASETS = ("ocds", "demand", "supply", "directory")
CHUNK = 2000


@dataclass
class Built:
    name: str  # file name under the prefix, e.g. "supply-listings.csv"
    title: str
    fmt: str
    rows: int
    size: int


def prefix() -> str:
    return settings.OPENDATA_STORAGE_PREFIX.strip("/")


def path(name: str) -> str:
    return f"{prefix()}/{name}"


def file_url(name: str) -> str:
    return f"/open-data/files/{name}"


def _store(name: str, write) -> tuple[int, int]:
    """Write through `write(out) -> rows` to a temporary file, then replace the stored file."""
    with tempfile.TemporaryFile() as out:
        rows = write(out)
        size = out.tell()
        out.seek(0)
        target = path(name)
        if default_storage.exists(target):
            default_storage.delete(target)
        saved = default_storage.save(target, File(out, name=name))
        if saved != target:  # a concurrent build stored the same file first: keep that one
            default_storage.delete(saved)
    return rows, size


def _table(name_stem: str, title: str, fields, queryset) -> list[Built]:
    built = []
    for fmt in TABLE_FORMATS:
        name = f"{name_stem}.{fmt}"

        def write(out, fmt=fmt):
            records = queryset.iterator(chunk_size=CHUNK)
            if fmt == "json":
                meta = {"title": title, "generated_at": timezone.now().isoformat()}
                return WRITERS[fmt](out, fields, records, meta=meta)
            return WRITERS[fmt](out, fields, records)

        rows, size = _store(name, write)
        built.append(Built(name, title, fmt, rows, size))
    return built


def build_ocds() -> list[Built]:
    name = "ocds/demand-releases.json"
    rows, size = _store(
        name,
        lambda out: ocds.write_package(
            out, ocds.releasable().order_by("id").iterator(chunk_size=CHUNK), file_url(name)
        ),
    )
    return [Built(name, "需求项目及其承接、合同与绩效评价（OCDS 1.1 发布包）", "json", rows, size)]


def build_demand() -> list[Built]:
    queryset = public_listings(DemandListing).order_by("id")
    return _table("demand-listings", "需求项目", DEMAND_FIELDS, queryset)


def build_supply() -> list[Built]:
    queryset = public_listings(SupplyListing).order_by("id")
    return _table("supply-listings", "服务项目", SUPPLY_FIELDS, queryset)


def build_directory() -> list[Built]:
    built = []
    years = (
        DirectoryYearPage.objects.live()
        .order_by("-year")
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=DirectoryEntry.objects.select_related("provider", "page").order_by(
                    "sort_order", "id"
                ),
            )
        )
    )
    for page in years:
        entries = list(page.entries.all())
        built += _table(
            f"directory-{page.year}", f"{page.year}年度推荐目录", DIRECTORY_FIELDS, _Rows(entries)
        )
    return built


class _Rows(list):
    """A list that answers `iterator()` like a queryset (the directory's entries are prefetched)."""

    def iterator(self, chunk_size=None):
        return iter(self)


BUILDERS = {
    "ocds": build_ocds,
    "demand": build_demand,
    "supply": build_supply,
    "directory": build_directory,
}


def manifest_name(dataset: str) -> str:
    return path(f"manifest-{dataset}.json")


def build(dataset: str) -> dict:
    """Build one dataset's files and its manifest; files it no longer writes are removed."""
    started = timezone.now()
    old = read_manifest(dataset)
    files = BUILDERS[dataset]()
    manifest = {
        "dataset": dataset,
        "generated_at": timezone.now().isoformat(),
        "seconds": round((timezone.now() - started).total_seconds(), 2),
        "files": [vars(f) for f in files],
    }
    for gone in {f["name"] for f in old.get("files", [])} - {f.name for f in files}:
        if default_storage.exists(path(gone)):
            default_storage.delete(path(gone))
    target = manifest_name(dataset)
    if default_storage.exists(target):
        default_storage.delete(target)
    with tempfile.TemporaryFile() as out:
        out.write(json.dumps(manifest, ensure_ascii=False).encode())
        out.seek(0)
        default_storage.save(target, File(out, name=target))
    logger.info("Open data %s built: %s files", dataset, len(files))
    return manifest


def build_all() -> list[dict]:
    return [build(dataset) for dataset in DATASETS]


def read_manifest(dataset: str) -> dict:
    try:
        with default_storage.open(manifest_name(dataset)) as stored:
            return json.loads(stored.read())
    except (FileNotFoundError, OSError, ValueError):
        return {}


def manifests() -> list[dict]:
    return [m for m in (read_manifest(d) for d in DATASETS) if m]


def published_names() -> set[str]:
    return {f["name"] for m in manifests() for f in m.get("files", [])}
