"""Registration only: the monitoring menu, its permission policies and the dashboard panel."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from . import work_queue
from .models import Flag, Message
from .statistics_views import OpenFlagsPanel
from .viewsets import AnswerOnlyPolicy, ModerationViewSetGroup, ReadOnlyPolicy

register_permission_policy(Flag, ReadOnlyPolicy(Flag))
register_permission_policy(Message, AnswerOnlyPolicy(Message))


@hooks.register("register_admin_viewset")
def register_monitoring():
    return ModerationViewSetGroup()


@hooks.register("construct_homepage_panels")
def add_open_flags_panel(request, panels):
    if request.user.has_perm("moderation.view_statistics"):
        panels.append(OpenFlagsPanel(request.user))


hooks.register("register_work_queue_items", work_queue.items)
