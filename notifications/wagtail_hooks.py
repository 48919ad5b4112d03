"""Registration only: the inbox's permission policy, viewset and bulk action."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from . import work_queue
from .bulk_actions import MarkReadBulkAction
from .models import Notification
from .permissions import InboxPermissionPolicy
from .viewsets import InboxViewSet

register_permission_policy(Notification, InboxPermissionPolicy(Notification))


@hooks.register("register_admin_viewset")
def register_inbox():
    return InboxViewSet()


hooks.register("register_bulk_action", MarkReadBulkAction)


hooks.register("register_work_queue_items", work_queue.items)
