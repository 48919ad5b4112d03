"""Two factors for administrators (GB/T 22239-2019 8.1.4.1 d): TOTP with recovery codes.

django-otp does the cryptography and the throttling of wrong codes (TOTPDevice,
StaticDevice); this module says who must use it and offers the three screens:

- `setup`: enrolment (on first sign-in for the roles that must have it, any time for
  the others): a new secret as a QR code and as text, confirmed by one code from the
  app and the account password (re-authentication), then ten single-use recovery codes
  shown once;
- `verify`: after the password, the code from the app or one recovery code;
- `recovery`: new recovery codes (the old ones stop working), after the password.

Required for superusers, city admins, district admins and the monitoring centre
(`REQUIRED_ROLES`); optional for providers, purchasers and experts, who are asked for
a code as soon as they have enrolled a device.
"""

import base64

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.access import role_of
from accounts.roles import Role

REQUIRED_ROLES = {Role.CITY_ADMIN, Role.DISTRICT_ADMIN, Role.MONITOR}
RECOVERY_CODES = 10
SETUP_SESSION_KEY = "gxpt_totp_setup_device"


def required_for(user) -> bool:
    return bool(user.is_superuser) or role_of(user) in REQUIRED_ROLES


def has_device(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def issue_recovery_codes(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="恢复码", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


class PasswordMixin(forms.Form):
    password = forms.CharField(label=_("当前密码"), widget=forms.PasswordInput, strip=False)

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("密码不正确"))
        return password


class SetupForm(PasswordMixin):
    token = forms.CharField(
        label=_("验证器应用显示的 6 位验证码"), max_length=6, min_length=6, strip=True
    )

    def __init__(self, user, device, *args, **kwargs):
        self.device = device
        super().__init__(user, *args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        token = cleaned.get("token")
        # The password first: a code is only spent (and a wrong one throttled) once it is right.
        if token and "password" not in self.errors:
            if not token.isdigit() or not self.device.verify_token(token):
                self.add_error("token", _("验证码不正确或已过期，请输入应用中当前显示的验证码"))
        return cleaned


class VerifyForm(forms.Form):
    token = forms.CharField(label=_("验证码或恢复码"), max_length=16, strip=True)

    def __init__(self, user, *args, **kwargs):
        self.user = user
        self.device = None
        super().__init__(*args, **kwargs)

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        self.device = match_token(self.user, token)
        if self.device is None:
            raise forms.ValidationError(_("验证码不正确或已过期"))
        return token


class RecoveryForm(PasswordMixin):
    pass


def _qr_svg(device) -> str:

    return segno.make(device.config_url, error="m").svg_inline(scale=4)


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, True):
        return target
    return reverse("wagtailadmin_home")


@never_cache
@login_required
def setup(request):
    device_id = request.session.get(SETUP_SESSION_KEY)
    device = TOTPDevice.objects.filter(pk=device_id, user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="验证器应用", confirmed=False)
        request.session[SETUP_SESSION_KEY] = device.pk
    form = SetupForm(request.user, device, request.POST or None)
    if request.method == "POST" and form.is_valid():
        TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        del request.session[SETUP_SESSION_KEY]
        otp_login(request, device)
        codes = issue_recovery_codes(request.user)
        return TemplateResponse(
            request, "security/recovery_codes.html", {"codes": codes, "next": _safe_next(request)}
        )
    secret = base64.b32encode(device.bin_key).decode("ascii")
    return TemplateResponse(
        request,
        "security/setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": required_for(request.user),
            "next": request.GET.get("next", ""),
        },
    )


@never_cache
@login_required
def verify(request):
    if not has_device(request.user):
        return redirect("security_2fa_setup")
    form = VerifyForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        if isinstance(form.device, StaticDevice):
            left = form.device.token_set.count()
            messages.warning(
                request, _("已使用一个恢复码，还剩 %(n)d 个；用完前请重新生成。") % {"n": left}
            )
        return redirect(_safe_next(request))
    return TemplateResponse(
        request, "security/verify.html", {"form": form, "next": request.GET.get("next", "")}
    )


@never_cache
@login_required
def recovery(request):
    form = RecoveryForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = issue_recovery_codes(request.user)
        return TemplateResponse(
            request, "security/recovery_codes.html", {"codes": codes, "next": _safe_next(request)}
        )
    return TemplateResponse(request, "security/recovery.html", {"form": form})


urlpatterns = [
    path("2fa/setup/", setup, name="security_2fa_setup"),
    path("2fa/verify/", verify, name="security_2fa_verify"),
    path("2fa/recovery/", recovery, name="security_2fa_recovery"),
]
