"""Public forms (a report on a record, a message to the board) and the publisher's objection form.

Their abuse protection (honeypot, signed time stamp, rate limits per client and
per account) is the one of every public form: accounts/throttling.py.
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.throttling import Limit, Throttle, TimedForm
from security.files import check_upload

from .models import Message, ObjectionKind, Report
from .objections import MAX_EVIDENCE_BYTES, MAX_EVIDENCE_FILES

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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files in one input; each checked by its content (security.files.check_upload)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > MAX_EVIDENCE_FILES:
            raise forms.ValidationError(_("证据材料最多 %d 份。") % MAX_EVIDENCE_FILES)
        cleaned = []
        for number, upload in enumerate(files, start=1):
            upload = super().clean(upload, initial)
            try:
                check_upload(upload, max_bytes=MAX_EVIDENCE_BYTES)
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("第%(n)d份证据材料未能上传：%(why)s")
                    % {"n": number, "why": "；".join(error.messages)}
                ) from error
            cleaned.append(upload)
        return cleaned


class ObjectionForm(forms.Form):
    """A publisher's objection or credit-repair application, with its evidence."""

    kind = forms.ChoiceField(label=_("申请类型"), widget=forms.RadioSelect)
    reasons = forms.CharField(
        label=_("理由"),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 4000}),
        max_length=4000,
        help_text=_("请说明事实和理由；申请信用修复时请说明已如何整改。"),
        error_messages={"required": _("请填写理由。")},
    )
    evidence = EvidenceField(
        label=_("证据材料"),
        required=False,
        help_text=_("选填，最多 %(n)d 份，每份不超过 %(mb)d MB，仅接受 PDF、JPG、PNG。")
        % {"n": MAX_EVIDENCE_FILES, "mb": MAX_EVIDENCE_BYTES // 2**20},
    )

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, ObjectionKind(k).label) for k in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0]

    def clean_reasons(self):
        reasons = self.cleaned_data["reasons"].strip()
        if len(reasons) < 10:
            raise forms.ValidationError(_("请具体说明理由（至少10个字）。"))
        return reasons


class ObjectionAnswerForm(forms.Form):
    action = forms.ChoiceField(label=_("答复结论"), widget=forms.RadioSelect)
    opinion = forms.CharField(
        label=_("答复意见"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": _("请填写答复意见。")},
    )

    def __init__(self, *args, transitions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(t.action, t.label) for t in transitions]


class WithdrawForm(forms.Form):
    opinion = forms.CharField(
        label=_("撤回理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        error_messages={"required": _("请填写撤回理由。")},
    )
