"""Run every periodic task of CELERY_BEAT_SCHEDULE once, in this process.

For the embedded setup (no broker, no beat): call it from cron. With Redis,
`celery -A gxpt beat` schedules the same tasks.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from gxpt.celery import app


class Command(BaseCommand):
    help = "运行全部定时任务一次 / Run all periodic tasks once"

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="only these schedule entries")

    def handle(self, *args, names=(), **options):
        app.loader.import_default_modules()
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
            if names and name not in names:
                continue
            task = app.tasks[entry["task"]]
            result = task.apply(args=entry.get("args", ()), kwargs=entry.get("kwargs", {}))
            status = "ok" if result.successful() else f"failed: {result.result!r}"
            self.stdout.write(f"{name}: {status} {result.result if result.successful() else ''}")
