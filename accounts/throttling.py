"""Abuse protection of the public forms (objections, reports, board messages), in one place.

- Who is asking: `client_ip()` is the address of the client as the last
  trusted proxy saw it (`GXPT_TRUSTED_PROXY_COUNT` proxies in front of the
  site append to X-Forwarded-For; 0, the default, trusts none and takes
  REMOTE_ADDR). `client_key()` is a salted hash of it: no raw address is stored
  or used as a cache key.
- How often: a `Throttle` counts submissions in Django's cache (Redis in
  production, so every worker process shares the count) per client and, if
  asked, per signed-in account, in fixed windows (`Limit`). The count is taken
  when a submission is accepted, so refused attempts do not lock anyone out.
  A cache outage counts from zero (the shared cache fails open): a visitor is
  never refused because the cache is down.
- Is it a person: a honeypot field people never see (`HoneypotField`, bots fill
  it) and `TimedForm`, a signed time stamp (a human takes a few seconds; a
  replayed form goes stale after a day). Offline, no third-party CAPTCHA.
"""

import hashlib
import ipaddress
import time
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

HONEYPOT = "website"  # the field's name: a plausible one, so bots fill it in
# Unchanged from moderation/forms.py, so forms issued before still verify.
TOKEN_SALT = "moderation.form-timestamp"  # noqa: S105 - a signing salt, not a password
MIN_SECONDS = 3
MAX_AGE = 24 * 3600
RATE_LIMITED = _("提交过于频繁，请稍后再试。")


def _valid_ip(value: str) -> str:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""


def client_ip(request) -> str:
    """The client's address, read past `GXPT_TRUSTED_PROXY_COUNT` proxies.

    Each trusted proxy appends the address it received the request from to
    X-Forwarded-For, so the client is the n-th entry from the right; entries
    further left were written by the client itself and prove nothing. With
    fewer entries than proxies, the leftmost is taken (Django REST framework's
    NUM_PROXIES reads it the same way).
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = getattr(settings, "GXPT_TRUSTED_PROXY_COUNT", 0)
    if trusted <= 0:
        return remote
    forwarded = [
        part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if not forwarded:
        return remote
    return _valid_ip(forwarded[-min(trusted, len(forwarded))]) or remote


def client_key(request) -> str:
    """A salted hash of the client's address (stored on reports and messages, used as cache key)."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()


@dataclass(frozen=True)
class Limit:
    count: int  # at most this many accepted submissions
    seconds: int  # in a window of this length


@dataclass(frozen=True)
class Throttle:
    """How many submissions of one public form a client (and an account) may make."""

    scope: str  # names the form in the cache keys, e.g. "objections"
    limits: tuple[Limit, ...]
    per_account: bool = False  # also count per signed-in account, whatever its address
    message: str = RATE_LIMITED

    def _keys(self, request, limit: Limit) -> list[str]:
        prefix = f"throttle:{self.scope}:{limit.seconds}"
        keys = [f"{prefix}:client:{client_key(request)}"]
        user = getattr(request, "user", None)
        if self.per_account and user is not None and user.is_authenticated:
            keys.append(f"{prefix}:account:{user.pk}")
        return keys

    def exceeded(self, request) -> bool:
        """True when the client (or the account) has used up a window."""
        for limit in self.limits:
            counts = cache.get_many(self._keys(request, limit))
            if any(count >= limit.count for count in counts.values()):
                return True
        return False

    def record(self, request) -> None:
        """Count one accepted submission in every window."""
        for limit in self.limits:
            for key in self._keys(request, limit):
                # add() starts the window (and its expiry); incr() keeps the expiry.
                cache.add(key, 0, limit.seconds)
                try:
                    cache.incr(key)
                except ValueError:  # expired between add() and incr()
                    cache.set(key, 1, limit.seconds)


class HoneypotField(forms.CharField):
    """A text field people never see (hidden by the template's CSS); a bot fills it in."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("请勿填写此项"))
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"})
        )
        super().__init__(**kwargs)


def honeypot_filled(data) -> bool:
    """Whether submitted data fill the honeypot (checked before anything else)."""
    return bool(data.get(HONEYPOT))


def issue_token(now: float | None = None) -> str:
    return signing.dumps(int(now if now is not None else time.time()), salt=TOKEN_SALT)


class TimedForm(forms.Form):
    """A public form with the honeypot and the signed time stamp; refuses bots in Chinese.

    Mix in before a ModelForm: `class ReportForm(TimedForm, forms.ModelForm)`.
    """

    website = HoneypotField(label=_("请勿填写此项"))
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["token"] = issue_token()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT):
            raise forms.ValidationError(_("提交未通过校验，请刷新页面后重试。"), code="honeypot")
        try:
            issued = signing.loads(cleaned.get("token") or "", salt=TOKEN_SALT)
        except signing.BadSignature:
            raise forms.ValidationError(_("表单已失效，请刷新页面后重试。"), code="token") from None
        age = time.time() - issued
        if age < MIN_SECONDS:
            # A bot posts at once; a person who types fast only has to press 提交 again
            # (the form keeps what was typed and its original time stamp).
            raise forms.ValidationError(
                _("为防止自动提交，请确认内容无误后再次点击提交，您填写的内容已保留。"),
                code="too_fast",
            )
        if age > MAX_AGE:
            raise forms.ValidationError(_("表单已过期，请刷新页面后重试。"), code="stale")
        return cleaned
