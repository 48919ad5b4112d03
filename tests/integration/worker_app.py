"""The Celery app the integration tests' worker runs: the project's own, plus one test-only hook.

The worker lives for the whole session while each transactional test flushes the database,
and the flush re-creates the content types under new ids; Django's ContentType cache in the
worker would keep the old ones (a log entry or a page written by a task then fails with
"内容类型 instance with id … is not a valid choice"). In production content types never change.
"""

from celery.signals import task_prerun

from gxpt.celery import app

__all__ = ["app"]


@task_prerun.connect
def forget_content_types(**kwargs):
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
