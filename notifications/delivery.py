"""Notify users: a durable row now, an e-mail after commit (retried until sent).

`notify` is the one way every app sends a message; the apps' own
`notifications` modules only decide who hears what. The e-mails are outbox entries
written in the same transaction (outbox.dispatch): one message to the worker after
the commit, retried by the periodic outbox retry while Redis or the mail relay is down.

`notify_each` is the bulk form for messages that differ per recipient (alert digests
to thousands of users): one INSERT for the rows and one for their outbox entries,
whatever the number of recipients (PostgreSQL; SQLite splits by its parameter limit).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from outbox.dispatch import enqueue_many

from .models import Notification


@dataclass(frozen=True)
class Message:
    """One recipient's notification; `email` is the recipient's address ("" for none)."""

    recipient_id: int
    email: str
    title: str
    body: str = ""
    url: str = ""
    unsubscribe_url: str = ""


def notify(
    recipients: Iterable, title: str, body: str = "", url: str = "", unsubscribe_url: str = ""
) -> list[Notification]:
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user, title=title, body=body, url=url, unsubscribe_url=unsubscribe_url
            )
            for user in {u.pk: u for u in recipients}.values()
        ]
    )
    enqueue_many(
        "notifications.send_notification_email",
        [[notification.pk] for notification in notifications if notification.recipient.email],
    )
    return notifications


def notify_each(messages: Iterable[Message]) -> list[Notification]:
    """One notification per message, each with its own text; e-mails after commit."""
    messages = list(messages)
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=m.recipient_id,
                title=m.title[:200],
                body=m.body,
                url=m.url[:500],
                unsubscribe_url=m.unsubscribe_url[:500],
            )
            for m in messages
        ]
    )
    enqueue_many(
        "notifications.send_notification_email",
        [[n.pk] for n, m in zip(notifications, messages, strict=True) if m.email],
        batch_size=None,
    )
    return notifications
