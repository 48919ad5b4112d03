"""The audit trail, in Wagtail's own log (issue 11): who did what, from where, as what role.

- Every new log entry (Wagtail's own create/edit/delete/publish/unpublish, the review
  actions of nominations.workflow, ours below) gets the client address and the acting
  role of its request in `data` (`ip`, `role`), and the before/after of the fields a
  change touched (`changes`, see security.changes): the record's History view, the site
  history and the audit screen (security.auditlog) show them.
- Every sign-in, failed sign-in and sign-out, every change of an account's role or of
  what it acts for, every import and export, and every refusal (a 403, an out-of-scope
  404 in the admin or the API, Wagtail's "no permission" redirect, ids of a bulk action
  outside the user's scope) is a Wagtail log entry on the user (`wagtail.log_actions.log`).
  A failed sign-in under an unknown name, or a refusal of an anonymous visitor, is kept
  with no user (object id "0", labelled with the name typed).
- Append-only from the application: saving an existing entry again or deleting one
  raises, except in the retention purge below.

Refusals of anonymous visitors are kept up to `AUDIT_ANONYMOUS_REFUSALS` per client address
and `AUDIT_ANONYMOUS_WINDOW` seconds (default 30 per 10 minutes); the last one kept says
that more were not (`suppressed`), so a scanner cannot fill the log or the disk. Counted in
the shared cache: with the cache down every refusal is kept (fails open, as the rate
limits do). A signed-in user's refusals are always kept.

Entries older than `AUDIT_RETENTION_DAYS` (default 180, GB/T 22239 asks for at least six
months) are deleted by the `security.purge_audit_log` task (Celery beat, daily).
"""

import contextvars
import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log
from wagtail.models import ModelLogEntry, PageLogEntry

from accounts.access import role_of
from accounts.roles import Role
from accounts.scoped_views import access_refused
from accounts.throttling import Limit, Throttle, client_ip

from . import changes

LOGIN = "security.login"
LOGIN_FAILED = "security.login_failed"
LOGOUT = "security.logout"
ROLE_CHANGED = "security.role_changed"
REFUSED = "security.refused"
IMPORTED = "security.import"
EXPORTED = "security.export"

ACTIONS = {
    LOGIN: _("登录"),
    LOGIN_FAILED: _("登录失败"),
    LOGOUT: _("退出登录"),
    ROLE_CHANGED: _("角色或所属单位变更"),
    REFUSED: _("访问被拒绝"),
    IMPORTED: _("批量导入"),
    EXPORTED: _("数据导出"),
}
ANONYMOUS = "匿名访客"

# The request being answered (set by AuditMiddleware), for the entries made inside it.
current_request = contextvars.ContextVar("gxpt_audit_request", default=None)
# True only inside purge(): the one place entries are deleted.
_purging = contextvars.ContextVar("gxpt_audit_purging", default=False)


class AppendOnlyError(RuntimeError):
    pass


DETAILS = (
    ("username", _("用户名")),
    ("role", _("角色")),
    ("ip", _("地址")),
    ("method", ""),
    ("path", ""),
    ("status", _("状态码")),
    ("ids", _("范围外记录")),
    ("kind", _("类别")),
    ("filename", _("文件")),
    ("what", _("内容")),
    ("rows", _("行数")),
    ("created", _("新增")),
    ("status", _("结果")),
)


# Entries keep the role's code (stable for filters and exports); the screen shows its name.
ROLE_NAMES = {**dict(Role.choices), "superuser": _("超级管理员")}


class AuditFormatter(LogFormatter):
    """「访问被拒绝（角色 city_admin，地址 10.0.0.1，GET /admin/users/edit/1/，状态码 404）」"""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        parts, seen = [], set()
        for key, label in DETAILS:
            value = data.get(key)
            if key in seen or value in (None, "", []):
                continue
            seen.add(key)
            if isinstance(value, list):
                value = ", ".join(str(item) for item in value[:10])
            if key == "role":
                value = ROLE_NAMES.get(value, value)
            parts.append(f"{label} {value}" if label else str(value))
        if data.get("suppressed"):
            parts.append(str(_("此后本时段同一地址的匿名拒绝访问不再逐条记录")))
        return f"{self.label}（{'，'.join(parts)}）" if parts else str(self.label)


def register_actions(actions) -> None:
    for action, label in ACTIONS.items():
        formatter = type("AuditFormatter", (AuditFormatter,), {"label": label, "message": label})
        actions.register_action(action)(formatter)


def show_changes(actions) -> None:
    """Wagtail's formatters of record changes, with the changed fields after the message.

    Replaces the formatter objects in place (after Wagtail's own registration, see
    wagtail_hooks), so the action choices of the filters stay as they are.
    """
    for action in changes.CHANGE_ACTIONS:
        original = actions.formatters.get(action)
        if original is None:
            continue

        class Formatter(type(original)):
            def format_message(self, log_entry, original=original):
                message = original.format_message(log_entry)
                detail = changes.summary(log_entry)
                return f"{message}（{detail}）" if detail else message

        Formatter.label = original.label
        if hasattr(original, "message"):
            Formatter.message = original.message
        actions.formatters[action] = Formatter()


def role_label(user) -> str:
    return role_of(user) or ("superuser" if getattr(user, "is_superuser", False) else "")


def _context(request, user=None) -> dict:
    return {
        "ip": client_ip(request) if request is not None else "",
        "role": role_label(user),
    }


@receiver(pre_save, sender=ModelLogEntry, dispatch_uid="security.audit.model_entry")
@receiver(pre_save, sender=PageLogEntry, dispatch_uid="security.audit.page_entry")
def complete_entry(sender, instance, raw=False, **kwargs):
    """Every new entry: the request's address and role, and what a change changed."""
    if raw:
        return
    if not instance._state.adding:
        raise AppendOnlyError("audit log entries are append-only")
    data = dict(instance.data or {})
    request = current_request.get()
    if request is not None:
        data.setdefault("ip", client_ip(request))
        acting = instance.user if instance.user_id else getattr(request, "user", None)
        data.setdefault("role", role_label(acting))
    if "changes" not in data:
        found = changes.changes_for(instance)
        if found is not None:
            data["changes"] = found
    instance.data = data


@receiver(pre_delete, sender=ModelLogEntry, dispatch_uid="security.audit.model_entry_delete")
@receiver(pre_delete, sender=PageLogEntry, dispatch_uid="security.audit.page_entry_delete")
def refuse_deletion(sender, instance, **kwargs):
    if not _purging.get():
        raise AppendOnlyError("audit log entries are deleted only by the retention purge")


def _real_user(request):
    if request is None:
        return None
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return None
    # request.user is a lazy wrapper, which Wagtail's log registry does not recognise.
    return getattr(user, "_wrapped", user)


def _log_for(request, action, data, user=None):
    user = user or _real_user(request)
    if user is not None:
        return log(user, action, user=user, data=data)
    return ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(get_user_model()),
        object_id="0",  # no user (no pk 0); "-" broke the site history's lookup
        label=ANONYMOUS,
        action=action,
        data=data,
        timestamp=timezone.now(),
    )


def _anonymous_refusals() -> Throttle:
    return Throttle(
        "audit-anonymous-refusals",
        (
            Limit(
                getattr(settings, "AUDIT_ANONYMOUS_REFUSALS", 30),
                getattr(settings, "AUDIT_ANONYMOUS_WINDOW", 600),
            ),
        ),
    )


def record_refusal(request, status, **extra) -> None:
    """A refused request (once per request): who, as what role, from where, which URL."""
    if request is None or getattr(request, "_gxpt_refusal_logged", False):
        return
    request._gxpt_refusal_logged = True
    user = _real_user(request)
    data = {
        **_context(request, user),
        "path": request.get_full_path()[:500],
        "method": request.method,
        "status": status,
        **extra,
    }
    if user is None:
        quota = _anonymous_refusals()
        if quota.exceeded(request):
            return
        quota.record(request)
        if quota.exceeded(request):
            data["suppressed"] = True  # the last kept in this window: more were not
    _log_for(request, REFUSED, data, user)


@receiver(access_refused, dispatch_uid="security.audit.access_refused")
def record_scope_refusal(sender, request, model, ids, **kwargs):
    """Records of a bulk action (or another scoped view) that were outside the user's scope."""
    record_refusal(request, 404, model=model._meta.label_lower, ids=[str(pk) for pk in ids][:100])
    request._gxpt_refusal_logged = False  # the response may still be a refusal of its own


def record_import(request, kind, filename, rows, created, dry_run, user=None, status="") -> None:
    """An import: in the request (`request`), or finished by the worker (`user`, no request)."""
    user = user or _real_user(request)
    data = {
        **_context(request, user),
        "kind": kind,
        "filename": filename[:255],
        "rows": rows,
        "created": created,
        "dry_run": dry_run,
        "status": status,
    }
    _log_for(request, IMPORTED, data, user)


def record_export(request, what, rows=None, file_format="xlsx") -> None:
    data = {**_context(request, _real_user(request)), "what": what, "format": file_format}
    if rows is not None:
        data["rows"] = rows
    _log_for(request, EXPORTED, data)


def _is_refusal(request, response) -> bool:
    if not request.path_info.startswith(("/admin/", "/api/")):
        return False
    if response.status_code == 403:
        return True
    if response.status_code != 404 or _real_user(request) is None:
        return False
    # A 404 of a view that exists (an id outside the scope, or none), not of an unknown URL.
    match = getattr(request, "resolver_match", None)
    return bool(match and match.url_name and not match.route.endswith(".*/$"))


def _is_export(request, response) -> bool:
    """Wagtail's own exports (an index or report with ?export=csv|xlsx)."""
    return (
        response.status_code == 200
        and request.method == "GET"
        and request.GET.get("export") in ("csv", "xlsx")
        and request.path_info.startswith("/admin/")
        and "attachment" in response.get("Content-Disposition", "")
    )


class AuditMiddleware:
    """Keeps the request at hand for the entries made while answering it; records refusals
    and Wagtail's own exports. After AccountGuardMiddleware (settings.MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        pending = changes.begin(request)
        try:
            response = self.get_response(request)
            if _is_refusal(request, response):
                record_refusal(request, response.status_code)
            elif _is_export(request, response):
                record_export(request, request.path_info, file_format=request.GET.get("export"))
            return response
        finally:
            changes.end(pending)
            current_request.reset(token)


def patch_permission_denied() -> None:
    """Wagtail answers a PermissionDenied in the admin with a redirect and a message
    (wagtail.admin.auth.permission_denied, called by require_admin_access and
    user_passes_test in that module): record it as a refusal first."""
    # Imported here: wagtail.admin.auth imports the admin's models and forms.
    from wagtail.admin import auth

    if getattr(auth.permission_denied, "_gxpt_audited", False):
        return
    original = auth.permission_denied

    def permission_denied(request):
        record_refusal(request, 403)
        return original(request)

    permission_denied._gxpt_audited = True
    auth.permission_denied = permission_denied


def connect_change_tracking() -> None:
    pre_save.connect(changes.remember_before, dispatch_uid="security.changes.before")
    post_save.connect(changes.remember_after, dispatch_uid="security.changes.after")


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
            object_id="0",  # no such user (no pk 0): the name typed is the label
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
    token = _purging.set(True)
    try:
        for model in (ModelLogEntry, PageLogEntry):
            count, _rows = model.objects.filter(timestamp__lt=cutoff).delete()
            deleted += count
    finally:
        _purging.reset(token)
    return deleted
