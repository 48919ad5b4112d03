"""What a signed-in admin user must satisfy on every request (GB/T 22239-2019 8.1.4.1).

In this order, on every admin URL (the public site only reads):
1. the session is younger than `SESSION_ABSOLUTE_SECONDS` and than the user's
   `sessions_valid_after` (an admin ended the user's sessions): else signed out;
   idle sessions end by themselves (SESSION_COOKIE_AGE, renewed on every request);
2. a second factor: the roles of `twofactor.REQUIRED_ROLES` enrol on first sign-in,
   anyone with a device enters a code after the password;
3. an issued or reset password is changed, and so is one older than
   `PASSWORD_MAX_AGE_DAYS`.
The middleware also tells `passwords.current_user` who is acting, so a password set
for someone else is marked to be changed.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import passwords, twofactor
from .models import AccountSecurity

LOGIN_AT = "gxpt_login_at"
ADMIN_PREFIX = "/admin/"


@receiver(user_logged_in)
def remember_login_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT] = time.time()
        state = AccountSecurity.of(user)
        if state.password_changed_at is None:
            # The expiry clock of accounts that predate the policy starts now.
            state.password_changed_at = timezone.now()
            state.save(update_fields=["password_changed_at"])


def _exempt_paths() -> tuple[str, ...]:
    return (
        reverse("wagtailadmin_login"),
        reverse("wagtailadmin_logout"),
        reverse("security_2fa_setup"),
        reverse("security_2fa_verify"),
        "/admin/password_reset/",
        "/admin/jsi18n/",
        # The icon sprite every admin page fetches and pastes into itself: redirected, it
        # pasted a second copy of the 2FA form (with next=/admin/sprite/) into the page.
        reverse("wagtailadmin_sprite"),
    )


class AccountGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        token = passwords.current_user.set(
            user if getattr(user, "is_authenticated", False) else None
        )
        try:
            if getattr(user, "is_authenticated", False) and request.path_info.startswith(
                ADMIN_PREFIX
            ):
                refused = self.check(request, user)
                if refused is not None:
                    return refused
            return self.get_response(request)
        finally:
            passwords.current_user.reset(token)

    def check(self, request, user):

        state = AccountSecurity.of(user)
        login_at = request.session.get(LOGIN_AT)
        if login_at is None:
            # A session from before this policy (or a test's force_login): start it now.
            login_at = request.session[LOGIN_AT] = time.time()
        too_old = time.time() - login_at > settings.SESSION_ABSOLUTE_SECONDS
        ended = state.sessions_valid_after and login_at < state.sessions_valid_after.timestamp()
        if too_old or ended:
            logout(request)
            messages.info(request, _("会话已结束，请重新登录。"))
            return redirect(reverse("wagtailadmin_login") + "?" + urlencode({"next": request.path}))
        path = request.path_info
        if path.startswith(_exempt_paths()):
            return None
        if not user.is_verified():
            if twofactor.has_device(user):
                return redirect(reverse("security_2fa_verify") + "?" + urlencode({"next": path}))
            if twofactor.required_for(user):
                return redirect(reverse("security_2fa_setup") + "?" + urlencode({"next": path}))
        password_page = reverse("wagtailadmin_account")
        if path.startswith(password_page):
            return None
        if state.must_change_password or passwords.password_expired(state):
            messages.warning(
                request,
                _("请先修改密码：初始密码或重置后的密码须由本人修改，且密码每 %(days)d 天须更换。")
                % {"days": settings.PASSWORD_MAX_AGE_DAYS},
            )
            return redirect(password_page)
        return None
