"""Notify users: a durable row now, an e-mail after commit (retried until sent).

`notify` is the one way every app sends a message; the apps' own
`notifications` modules only decide who hears what. The e-mails are outbox entries
written in the same transaction (outbox.dispatch): one message to the worker after
the commit, retried by the periodic outbox retry while Redis or the mail relay is down.
"""

from collections.abc import Iterable

from outbox.dispatch import enqueue_many

from .models import Notification


def notify(recipients: Iterable, title: str, body: str = "", url: str = "") -> list[Notification]:
    notifications = Notification.objects.bulk_create(
        [
            Notification(recipient=user, title=title, body=body, url=url)
            for user in {u.pk: u for u in recipients}.values()
        ]
    )
    enqueue_many(
        "notifications.send_notification_email",
        [[notification.pk] for notification in notifications if notification.recipient.email],
    )
    return notifications
