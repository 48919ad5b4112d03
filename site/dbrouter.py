"""Reads on a PostgreSQL read replica, except a user's reads right after a write.

Switched on by DATABASE_REPLICA_URL (settings.base adds the `replica` alias and this
router); off by default. Writes always go to `default` (the primary). Reads go to the
replica, except:

- for the rest of a request once it has written (read-your-own-write in one request);
- for REPLICA_PIN_SECONDS after a request that wrote, or that was not a GET/HEAD: the
  response sets a short signed cookie that pins that browser's reads to the primary, so
  a user who has just saved sees the saved record on the next page even if the replica
  lags. The cookie works across app servers behind a load balancer (no shared state);
- inside a transaction (`atomic` blocks read what they write);
- in Celery tasks and management commands (no request): the primary, unless a caller
  asks for the replica with `.using("replica")`, because background work reads what it
  was told was written.
"""

import contextvars

from django.conf import settings
from django.core import signing
from django.db import connections

PIN_COOKIE = "gxpt_primary"
_state: contextvars.ContextVar[str] = contextvars.ContextVar("gxpt_db_read", default="primary")


def _replica_enabled() -> bool:
    return "replica" in settings.DATABASES


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _state.get() != "replica" or connections["default"].in_atomic_block:
            return "default"
        return "replica"

    def db_for_write(self, model, **hints):
        # Every read after a write in this request sees the primary.
        if _state.get() == "replica":
            _state.set("primary-pinned")
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies of it

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class PinPrimaryMiddleware:
    """Decide per request whether reads may use the replica (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _replica_enabled():
            return self.get_response(request)
        pinned = request.method not in ("GET", "HEAD") or self._pinned_by_cookie(request)
        token = _state.set("primary-pinned" if pinned else "replica")
        try:
            response = self.get_response(request)
            wrote = _state.get() == "primary-pinned"
        finally:
            _state.reset(token)
        if wrote:
            response.set_signed_cookie(
                PIN_COOKIE,
                "1",
                salt=PIN_COOKIE,
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                secure=request.is_secure(),
                samesite="Lax",
            )
        return response

    def _pinned_by_cookie(self, request) -> bool:
        try:
            return (
                request.get_signed_cookie(
                    PIN_COOKIE, salt=PIN_COOKIE, max_age=settings.REPLICA_PIN_SECONDS
                )
                == "1"
            )
        except (KeyError, signing.BadSignature):
            return False
