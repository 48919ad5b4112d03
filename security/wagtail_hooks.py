"""Registrations of the security baseline in Wagtail's admin: 2FA screens, end-sessions button,
the audit trail's log actions."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets.button import Button

from . import audit, sessions, twofactor


@hooks.register("register_admin_urls")
def register_security_urls():
    return [
        *twofactor.urlpatterns,
        path(
            "security/users/<int:pk>/end-sessions/",
            sessions.end_sessions_view,
            name="security_end_sessions",
        ),
    ]


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
