"""Registrations of the security baseline in Wagtail's admin: 2FA screens, end-sessions button,
the audit trail's log actions and its screen (设置 → 安全审计)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button

from . import audit, auditlog, sessions, twofactor


@hooks.register("register_admin_urls")
def register_security_urls():
    return [
        *twofactor.urlpatterns,
        path(
            "security/users/<int:pk>/end-sessions/",
            sessions.end_sessions_view,
            name="security_end_sessions",
        ),
        path("security/audit/", auditlog.AuditLogView.as_view(), name="security_audit"),
        path(
            "security/audit/results/",
            auditlog.AuditLogView.as_view(results_only=True),
            name="security_audit_results",
        ),
    ]


class AuditMenuItem(MenuItem):
    def is_shown(self, request):
        return auditlog.may_audit(request.user)


@hooks.register("register_settings_menu_item")
def register_audit_menu_item():
    return AuditMenuItem(
        _("安全审计"), reverse("security_audit"), icon_name="history", order=900
    )


@hooks.register("register_user_listing_buttons")
def end_sessions_button(user, request_user):
    if sessions.may_manage(request_user, user):
        yield Button(
            _("结束全部会话"),
            reverse("security_end_sessions", args=[user.pk]),
            attrs={
                "data-controller": "w-action",
                "data-w-action-url-value": reverse("security_end_sessions", args=[user.pk]),
                "data-action": "w-action#post",
            },
            priority=90,
        )


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    audit.register_actions(actions)


@hooks.register("register_log_actions", order=100)
def show_changed_fields(actions):
    # After Wagtail's core actions (order 0): wraps their formatters.
    audit.show_changes(actions)
