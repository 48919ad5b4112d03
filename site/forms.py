"""The admin's sign-in form: Wagtail's, with Chinese labels and a plain failure message.

Wagtail's LoginForm leaves the password field without a label (Django then shows
the English field name) and words the failure with the field's verbose name.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    error_messages = {
        **WagtailLoginForm.error_messages,
        "invalid_login": _("用户名或密码不正确，请重试。连续输错多次后账户将被暂时锁定。"),
        "inactive": _("此账户已停用，请联系管理员。"),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["username"].widget.attrs["placeholder"] = _("请输入用户名")
        self.fields["password"].label = _("密码")
        self.fields["password"].widget.attrs["placeholder"] = _("请输入密码")
        self.fields["remember"].label = _("记住我")

    def get_invalid_login_error(self):
        return forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
