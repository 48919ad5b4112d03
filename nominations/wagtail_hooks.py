"""Registration only: the nominations' permission policies, admin screens and the log actions
of the transition table."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from . import work_queue
from .history import register_actions
from .permissions import POLICIES
from .viewsets import NominationsViewSetGroup

for _policy in POLICIES:
    register_permission_policy(_policy.model, _policy)


@hooks.register("register_admin_viewset")
def register_viewset():
    return NominationsViewSetGroup()


@hooks.register("register_log_actions")
def register_log_actions(actions):
    register_actions(actions)


hooks.register("register_work_queue_items", work_queue.items)
