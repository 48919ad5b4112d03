"""Notify users: a durable row now, an e-mail after commit (retried until sent).

`notify` is the one way every app sends a message; the apps' own
`notifications` modules only decide who hears what.
"""

import logging
from collections.abc import Iterable

from django.db import transaction

from .models import Notification
from .tasks import send_notification_email

logger = logging.getLogger(__name__)


def notify(recipients: Iterable, title: str, body: str = "", url: str = "") -> list[Notification]:
    notifications = Notification.objects.bulk_create(
        [
            Notification(recipient=user, title=title, body=body, url=url)
            for user in {u.pk: u for u in recipients}.values()
        ]
    )
    for notification in notifications:
        transaction.on_commit(lambda pk=notification.pk: enqueue(send_notification_email, pk))
    return notifications


def enqueue(task, *args) -> bool:
    """Enqueue a task; if the broker is unreachable, leave the durable row for the periodic retry."""
    try:
        task.delay(*args)
        return True
    except Exception:  # noqa: BLE001 - any broker failure: the row stays pending, the retry task picks it up
        logger.warning("Could not enqueue %s%r; will retry later", task.name, args, exc_info=True)
        return False
