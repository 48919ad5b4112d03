"""Registration only: the nominations' admin screens and the log actions of the transition table."""

from wagtail import hooks

from .history import register_actions
from .viewsets import NominationsViewSetGroup


@hooks.register("register_admin_viewset")
def register_viewset():
    return NominationsViewSetGroup()


@hooks.register("register_log_actions")
def register_log_actions(actions):
    register_actions(actions)
