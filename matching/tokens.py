"""Signed unsubscribe links: one per saved search, one per user's automatic alerts.

The token names what it stops and is signed with the site's secret (no login needed,
nothing guessable); it does not expire, so an old e-mail's link still works.
"""

from django.core import signing
from django.urls import reverse

SALT = "matching.unsubscribe"
KINDS = ("search", "new_listings", "deadlines", "follow")


def make(kind: str, pk: int) -> str:
    assert kind in KINDS
    return signing.Signer(salt=SALT).sign_object([kind, pk])


def read(token: str) -> tuple[str, int] | None:
    try:
        kind, pk = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if kind not in KINDS or not isinstance(pk, int):
        return None
    return kind, pk


def url(kind: str, pk: int) -> str:
    return reverse("matching_unsubscribe", args=[make(kind, pk)])
