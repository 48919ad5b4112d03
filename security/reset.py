"""Password-reset requests, rate-limited in the shared cache and answered the same for all.

Wagtail's reset form (设置 WAGTAILADMIN_USER_PASSWORD_RESET_FORM) with Django's own answer:
whatever is typed, the visitor is sent on to 「已发送」, so the page never tells whether an
account has that address. Behind it, `save()` sends mail only while the client address
(accounts.throttling.client_ip, the same one the lock-outs use) and the address typed are
within `RESET_LIMITS`, counted in Django's cache (Redis in production, shared by every
worker). A request over the limit sends nothing and is kept in the audit trail as a
refusal; it is answered exactly like the others, so the limit is no oracle either.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from wagtail.admin.forms.auth import PasswordResetForm

from accounts.throttling import Limit, Throttle

from . import audit

RESET_LIMITS = (Limit(5, 3600), Limit(20, 24 * 3600))
RESETS = Throttle("password-reset", RESET_LIMITS)


def _address_key(email: str, limit: Limit) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{email.strip().lower()}".encode()).hexdigest()
    return f"throttle:password-reset:{limit.seconds}:address:{digest}"


def _address_exceeded(email: str) -> bool:
    return any(
        (cache.get(_address_key(email, limit)) or 0) >= limit.count for limit in RESET_LIMITS
    )


def _record_address(email: str) -> None:
    for limit in RESET_LIMITS:
        key = _address_key(email, limit)
        cache.add(key, 0, limit.seconds)
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, limit.seconds)


class RateLimitedPasswordResetForm(PasswordResetForm):
    def save(self, *args, request=None, **kwargs):
        email = self.cleaned_data.get("email", "")
        if request is not None and (RESETS.exceeded(request) or _address_exceeded(email)):
            audit.record_refusal(request, 429, reason="password-reset rate limit")
            return None
        if request is not None:
            RESETS.record(request)
            _record_address(email)
        return super().save(*args, request=request, **kwargs)
