"""Project-level Celery tasks."""

import os
import socket
import time

from celery import shared_task
from django.db import connection

from catalog.models import District


@shared_task(name="gxpt.ping", ignore_result=False)
def ping(token: str, seconds: float = 0) -> dict:
    """Answer with where it ran: proves a worker runs Django against the configured database.

    `seconds` keeps it busy that long first (the redelivery test kills the worker meanwhile).
    Idempotent: it only reads.
    """
    time.sleep(min(seconds, 60))

    return {
        "token": token,
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "parent_pid": os.getppid(),
        "database": connection.vendor,
        "districts": District.objects.count(),
    }
