"""The audit trail of sign-in events and role changes, in Wagtail's own log (issue 11).

Every sign-in, failed sign-in and sign-out, and every change of an account's role or of
what it acts for, is a Wagtail log entry on the user (`wagtail.log_actions.log`), with
the client address and the role at the time in its data: the user's History view and
the site history report (设置 → 站点历史, searchable and exportable; each user sees the
entries of the records it may open, accounts.scoped_views) show them with the rest of
the records' history. A failed sign-in under an unknown name is kept against the name
typed, with no user.

Entries older than `AUDIT_RETENTION_DAYS` (default 180, GB/T 22239 asks for at least six
months) are deleted by the `security.purge_audit_log` task (Celery beat, daily).
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, PageLogEntry

from accounts.access import role_of
from accounts.throttling import client_ip

LOGIN = "security.login"
LOGIN_FAILED = "security.login_failed"
LOGOUT = "security.logout"
ROLE_CHANGED = "security.role_changed"

ACTIONS = {
    LOGIN: _("登录"),
    LOGIN_FAILED: _("登录失败"),
    LOGOUT: _("退出登录"),
    ROLE_CHANGED: _("角色或所属单位变更"),
}


def register_actions(actions) -> None:
    for action, label in ACTIONS.items():
        actions.register_action(action, label, label)


def _context(request, user=None) -> dict:
    return {
        "ip": client_ip(request) if request is not None else "",
        "role": role_of(user) or ("superuser" if getattr(user, "is_superuser", False) else ""),
    }


@receiver(user_logged_in, dispatch_uid="security.audit.login")
def record_login(sender, request, user, **kwargs):
    log(user, LOGIN, user=user, data=_context(request, user))


@receiver(user_logged_out, dispatch_uid="security.audit.logout")
def record_logout(sender, request, user, **kwargs):
    if user is None:
        return
    # request.user is a lazy wrapper, which Wagtail's log registry does not recognise.
    user = get_user_model()._default_manager.get(pk=user.pk)
    log(user, LOGOUT, user=user, data=_context(request, user))


@receiver(user_login_failed, dispatch_uid="security.audit.login_failed")
def record_failed_login(sender, credentials, request=None, **kwargs):
    User = get_user_model()
    username = str(credentials.get(User.USERNAME_FIELD) or credentials.get("username") or "")
    user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
    data = {**_context(request, user), "username": username[:150]}
    if user is not None:
        log(user, LOGIN_FAILED, user=None, data=data)
    else:
        ModelLogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(User),
            object_id="-",  # no such user: the name typed is the label
            label=username[:255],
            action=LOGIN_FAILED,
            data=data,
            timestamp=timezone.now(),
        )


def record_account_change(sender, instance, created=False, **kwargs):
    """post_save of accounts.Account: its role or what it acts for, before and after."""
    changed = instance.changed_fields()
    if not changed:
        return
    before = getattr(instance, "_loaded", None) or {}
    log(
        instance.user,
        ROLE_CHANGED,
        data={
            "before": {} if created else {name: before.get(name) for name in sorted(changed)},
            "after": {name: getattr(instance, name) for name in sorted(changed)},
        },
    )


def purge(now=None) -> int:
    """Delete log entries older than the retention period; how many went."""
    days = int(getattr(settings, "AUDIT_RETENTION_DAYS", 180))
    if days <= 0:
        return 0
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    deleted = 0
    for model in (ModelLogEntry, PageLogEntry):
        count, _rows = model.objects.filter(timestamp__lt=cutoff).delete()
        deleted += count
    return deleted
