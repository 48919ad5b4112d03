"""Registration only: the nominations' admin screens."""

from wagtail import hooks

from . import work_queue
from .viewsets import NominationsViewSetGroup


@hooks.register("register_admin_viewset")
def register_viewset():
    return NominationsViewSetGroup()


hooks.register("register_work_queue_items", work_queue.items)
