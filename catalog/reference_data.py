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


def ensure(District, ServiceDomain) -> None:
    """Create or update the reference rows (models passed in: historical ones in migrations)."""
    for code, name, short_name in districts():
        District.objects.update_or_create(
            code=code, defaults={"name": name, "short_name": short_name}
        )
    by_code = {}
    for code, name in service_domains():
        major, _sep, minor = code.partition(".")
        existing = ServiceDomain.objects.filter(code=code).first()
        if existing is not None:
            by_code[code] = existing  # editable by city admins: never overwrite their changes
            continue
        by_code[code] = ServiceDomain.objects.create(
            code=code,
            name=name,
            parent=by_code[major] if minor else None,
            major=int(major),
            minor=int(minor or 0),
        )
