"""Project-level Celery tasks."""

import socket

from celery import shared_task
from django.db import connection


@shared_task(name="gxpt.ping")
def ping(token: str) -> dict:
    """Answer with where it ran: proves a worker runs Django against the configured database."""
    from catalog.models import District

    return {
        "token": token,
        "host": socket.gethostname(),
        "database": connection.vendor,
        "districts": District.objects.count(),
    }
