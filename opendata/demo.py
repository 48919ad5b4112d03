"""Demo data of the open data: the bulk downloads built from the demo records (as the daily task would).

Files only, no rows: a second run rebuilds the same files from the same records.
"""

from . import downloads


def load(stdout=None) -> dict:
    manifests = downloads.build_all()
    return {"files rebuilt": sum(len(m["files"]) for m in manifests)}
