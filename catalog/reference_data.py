"""Reading the reference data files shipped in catalog/data/ (used by the data migration)."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_tsv(name: str) -> list[list[str]]:
    rows = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def districts() -> list[tuple[str, str, str]]:
    return [(code, name, short) for code, name, short in read_tsv("districts.tsv")]


def service_domains() -> list[tuple[str, str]]:
    """(code, name) in file order: each first-level entry before its children."""
    return [(code, name) for code, name in read_tsv("service_domains.tsv")]
