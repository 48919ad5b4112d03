"""Public forms: a report on a record and a message to the board, with spam protection.

Offline spam protection, no third-party CAPTCHA: a honeypot field people never
see (bots fill it) and a signed time stamp (a human takes a few seconds; a
replayed form goes stale after a day). Rate limits count the rows already
stored per client (IP, hashed) and per account, so they hold across processes
without a cache server.
"""

import datetime
import hashlib
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Message, Report

SALT = "moderation.form-timestamp"
MIN_SECONDS = 3
MAX_AGE = 24 * 3600
# (window, how many in the window) per client and per account.
RATE_LIMITS = [(datetime.timedelta(minutes=10), 3), (datetime.timedelta(days=1), 10)]


def client_key(request) -> str:
    ip = request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()


def issue_token(now: float | None = None) -> str:
    return signing.dumps(int(now if now is not None else time.time()), salt=SALT)


def rate_limited(model, request) -> bool:
    now = timezone.now()
    user = request.user if request.user.is_authenticated else None
    for window, limit in RATE_LIMITS:
        recent = model.objects.filter(created_at__gte=now - window)
        if recent.filter(client_key=client_key(request)).count() >= limit:
            return True
        if user and recent.filter(user=user).count() >= limit:
            return True
    return False


class SpamProtectedForm(forms.ModelForm):
    website = forms.CharField(
        label=_("请勿填写此项"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["token"] = issue_token()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("提交未通过校验，请刷新页面后重试。"), code="honeypot")
        try:
            issued = signing.loads(cleaned.get("token") or "", salt=SALT)
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


class ReportForm(SpamProtectedForm):
    class Meta:
        model = Report
        fields = ["reason", "text", "contact"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5, "maxlength": 2000})}
        help_texts = {"contact": _("选填，仅供核实情况，不会公开")}

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) < 5:
            raise forms.ValidationError(_("请具体说明举报内容（至少5个字）。"))
        if len(text) > 2000:
            raise forms.ValidationError(_("举报内容不能超过2000字。"))
        return text


class MessageForm(SpamProtectedForm):
    class Meta:
        model = Message
        fields = ["name", "subject", "text", "contact"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6, "maxlength": 2000})}

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) < 5:
            raise forms.ValidationError(_("留言内容至少5个字。"))
        if len(text) > 2000:
            raise forms.ValidationError(_("留言内容不能超过2000字。"))
        return text
