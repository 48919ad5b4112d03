"""Public forms: a report on a record and a message to the board.

Their abuse protection (honeypot, signed time stamp, rate limits per client and
per account) is the one of every public form: accounts/throttling.py.
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.throttling import Limit, Throttle, TimedForm

from .models import Message, Report

# (how many, in what window) per client and per account, for each form.
LIMITS = (
    Limit(3, int(datetime.timedelta(minutes=10).total_seconds())),
    Limit(10, int(datetime.timedelta(days=1).total_seconds())),
)
REPORTS = Throttle("reports", LIMITS, per_account=True)
MESSAGES = Throttle("messages", LIMITS, per_account=True)


class ReportForm(TimedForm, forms.ModelForm):
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


class MessageForm(TimedForm, forms.ModelForm):
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
