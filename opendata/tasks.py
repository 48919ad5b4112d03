"""Celery tasks of the open data: the daily rebuild of the bulk downloads (opendata.downloads)."""

from celery import shared_task

from . import downloads


@shared_task(name="opendata.regenerate")
def regenerate() -> int:
    """Celery beat, daily: one task per dataset, so each stays well inside the task time limit."""
    for dataset in downloads.DATASETS:
        build_dataset.delay(dataset)
    return len(downloads.DATASETS)


@shared_task(name="opendata.build_dataset")
def build_dataset(dataset: str) -> int:
    """Rebuild one dataset's files (idempotent: a second delivery rewrites the same files)."""
    return len(downloads.build(dataset)["files"])
